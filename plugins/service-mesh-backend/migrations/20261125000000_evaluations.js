// @ts-check

/**
 * The latest evaluation of each catalog entity, written by the scheduled
 * refresh and read by the dashboard. Summary columns exist so SQL can filter,
 * sort, page and count; the full evaluation rides along as JSON.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_mesh_evaluations', table => {
    table.comment('Latest Mesh Advisor evaluation per catalog entity');
    table.string('entity_ref', 512).primary().notNullable();
    table.string('kind').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('title');
    table.string('type');
    table.string('owner', 512);
    table.string('system', 512);
    table.string('lifecycle');
    table
      .text('search_text')
      .notNullable()
      .comment('Lower-cased name, title, owner and system, for q');
    table.boolean('applicable').notNullable();
    table.string('verdict').notNullable();
    table.integer('istio_score').notNullable();
    table.integer('linkerd_score').notNullable();
    table.float('confidence').notNullable();
    table.integer('diagnostic_count').notNullable();
    table.string('current_mesh').notNullable();
    table.boolean('drift').notNullable();
    table.float('annotation_coverage').notNullable();
    table.string('rules_version').notNullable();
    table
      .string('content_hash')
      .notNullable()
      .comment('Skips rewriting unchanged rows');
    table.text('summary_json').notNullable();
    table.text('evaluation_json').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(['verdict'], 'service_mesh_evaluations_verdict_idx');
    table.index(['owner'], 'service_mesh_evaluations_owner_idx');
    table.index(['system'], 'service_mesh_evaluations_system_idx');
    table.index(['name'], 'service_mesh_evaluations_name_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_mesh_evaluations');
};
