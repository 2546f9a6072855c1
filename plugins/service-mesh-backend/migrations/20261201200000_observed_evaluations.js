// @ts-check

/**
 * Observed variants of the dashboard's summary columns (issue #15): the
 * evaluation of a component with its stored cluster observations, beside the
 * catalog-only one. Null when the component has no observations. The list,
 * its counts and /v1/clusters read `coalesce(observed_x, x)` for callers
 * allowed `kubernetes.resources.read`, so their dashboard row agrees with the
 * entity card; every other caller reads the catalog-only columns.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.string('observed_verdict');
    table.integer('observed_istio_score');
    table.integer('observed_linkerd_score');
    table.float('observed_confidence');
    table.integer('observed_diagnostic_count');
    table.string('observed_current_mesh');
    table.boolean('observed_drift');
    table.float('observed_annotation_coverage');
    table.text('observed_summary_json');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('service_mesh_evaluations', table => {
    table.dropColumn('observed_verdict');
    table.dropColumn('observed_istio_score');
    table.dropColumn('observed_linkerd_score');
    table.dropColumn('observed_confidence');
    table.dropColumn('observed_diagnostic_count');
    table.dropColumn('observed_current_mesh');
    table.dropColumn('observed_drift');
    table.dropColumn('observed_annotation_coverage');
    table.dropColumn('observed_summary_json');
  });
};
