// @ts-check

/**
 * When each row was first written. The dashboard's permission filter hides
 * rows written after it was computed, so an entity new to the store is never
 * shown to a caller before the catalog said the caller may read it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.timestamp('first_seen_at', { useTz: true });
  });
  await knex('service_mesh_evaluations').update({
    first_seen_at: knex.ref('evaluated_at'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.dropColumn('first_seen_at');
  });
};
