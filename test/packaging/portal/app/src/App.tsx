import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { compatWrapper } from '@backstage/core-compat-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
// The new frontend system: the plugin from the `/alpha` entry.
import serviceMeshPlugin from '@mesh-advisor/plugin-service-mesh/alpha';
// The main entry, as a legacy-system app imports the card.
import {
  EntityServiceMeshCard,
  isServiceMeshAvailable,
} from '@mesh-advisor/plugin-service-mesh';

/**
 * An adopter's own card placement: the main entry's full card, wrapped for
 * the new frontend system, shown where the annotations say it applies.
 */
const placedByTheAdopter = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    EntityCardBlueprint.make({
      name: 'adopter-service-mesh',
      params: {
        filter: isServiceMeshAvailable,
        loader: async () => compatWrapper(<EntityServiceMeshCard />),
      },
    }),
  ],
});

const app = createApp({
  features: [catalogPlugin, serviceMeshPlugin, placedByTheAdopter],
});

export default app;
