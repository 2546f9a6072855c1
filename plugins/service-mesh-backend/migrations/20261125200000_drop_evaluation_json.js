// @ts-check

/**
 * The full evaluation is no longer stored: the dashboard reads the summary,
 * and the entity card always evaluates fresh. Writing it made a first refresh
 * of 10,000 components about twice as slow (rendering and serialising the
 * guidance of every component), for a column nothing read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.dropColumn('evaluation_json');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.text('evaluation_json');
  });
};
