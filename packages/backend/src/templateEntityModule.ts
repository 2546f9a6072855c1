import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  catalogProcessingExtensionPoint,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

/**
 * Lets the catalog accept kind Template (scaffolder.backstage.io/v1beta3),
 * so the example template is listed at /create.
 *
 * Stop-gap: Backstage's own module for this,
 * `@backstage/plugin-catalog-backend-module-scaffolder-entity-model`, is not
 * installed in this workspace yet. Once it is, replace this file with
 * `backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'))`.
 * The validation itself is the scaffolder's (`templateEntityV1beta3Validator`).
 */
class TemplateEntityProcessor implements CatalogProcessor {
  getProcessorName() {
    return 'ExampleTemplateEntityProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return templateEntityV1beta3Validator.check(entity);
  }

  async postProcessEntity(
    entity: Entity,
    _location: unknown,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const owner = entity.spec?.owner;
    if (
      entity.apiVersion === 'scaffolder.backstage.io/v1beta3' &&
      entity.kind === 'Template' &&
      typeof owner === 'string'
    ) {
      const self = getCompoundEntityRef(entity);
      const ownerRef = parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: self.namespace,
      });
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_OWNED_BY,
          target: ownerRef,
        }),
      );
      emit(
        processingResult.relation({
          source: ownerRef,
          type: RELATION_OWNER_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'example-template-entity',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new TemplateEntityProcessor());
      },
    });
  },
});
