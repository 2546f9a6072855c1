// @ts-check

/**
 * Verdict history (issue #11) and change detection (issue #15).
 *
 * - `service_mesh_verdict_transitions`: one row each time a stored verdict
 *   changed, written in the same transaction as the evaluation row; pruned
 *   after `serviceMesh.history.retentionDays`.
 * - `service_mesh_evaluations.inputs_json`: the inputs the verdict was
 *   decided on (Mesh Advisor annotations of the component and its related
 *   entities, type, lifecycle, rules version), so the next transition can say
 *   which of them changed.
 * - `service_mesh_evaluations.catalog_etag`: the catalog's etag of the
 *   component when it was last read, so the frequent change-detection pass
 *   reads full entities only for components whose etag differs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.text('inputs_json');
    table.string('catalog_etag');
  });
  await knex.schema.createTable('service_mesh_verdict_transitions', table => {
    table.comment('Each change of a stored Mesh Advisor verdict');
    table.increments('id');
    table.string('entity_ref', 512).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.string('from_verdict').notNullable();
    table.string('to_verdict').notNullable();
    table.string('from_rules_version').notNullable();
    table.string('rules_version').notNullable();
    table
      .text('changed_inputs_json')
      .notNullable()
      .comment('Which inputs changed, e.g. needs gained wasm-extensions');
    table.index(
      ['entity_ref', 'changed_at'],
      'service_mesh_verdict_transitions_entity_idx',
    );
    table.index(['changed_at'], 'service_mesh_verdict_transitions_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_mesh_verdict_transitions');
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.dropColumn('inputs_json');
    table.dropColumn('catalog_etag');
  });
};
