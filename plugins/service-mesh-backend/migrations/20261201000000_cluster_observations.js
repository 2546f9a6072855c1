// @ts-check

/**
 * What each component runs in each cluster, as last observed through the
 * Kubernetes plugin by the scheduled observation. One row per component and
 * cluster; the entity route reads it instead of calling clusters.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_mesh_cluster_observations', table => {
    table.comment('Objects of each component observed in each cluster');
    table.string('entity_ref', 512).notNullable();
    table
      .string('cluster', 255)
      .notNullable()
      .comment("The Kubernetes plugin's cluster name; empty: the plugin itself failed");
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.string('status').notNullable().comment('ok or error');
    table.string('current_mesh').comment('istio, linkerd, none; null: no pod seen');
    table.integer('replicas');
    table.text('observation_json').notNullable();
    table.primary(['entity_ref', 'cluster']);
    table.index(['cluster'], 'service_mesh_cluster_observations_cluster_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_mesh_cluster_observations');
};
