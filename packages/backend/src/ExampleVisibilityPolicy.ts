import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/** Entities carrying this annotation with the value `private` are hidden. */
const VISIBILITY_ANNOTATION = 'example.com/visibility';

/**
 * Members of this group read the catalog but not what runs in the clusters
 * (`kubernetes.resources.read`), so Mesh Advisor shows them no observed
 * evidence. The browser tests sign in as one (test/e2e/app-config.e2e-no-kubernetes.yaml).
 */
const NO_KUBERNETES_GROUP = 'group:default/external-auditors';

/**
 * The example organisation's rule: an entity annotated
 * `example.com/visibility: private` can be read only by its owners (the
 * owning user, or a member of the owning group), and members of
 * {@link NO_KUBERNETES_GROUP} may not read Kubernetes resources. Everything
 * else is allowed.
 *
 * Small on purpose, but real: the catalog applies it as a conditional
 * decision inside its own queries, so every reader (Mesh Advisor included,
 * since it reads the catalog on the caller's behalf) sees the same boundary.
 */
export class ExampleVisibilityPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, catalogEntityReadPermission)) {
      const claims = user
        ? (await this.userInfo.getUserInfo(user.credentials))
            .ownershipEntityRefs
        : [];
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          {
            not: catalogConditions.hasAnnotation({
              annotation: VISIBILITY_ANNOTATION,
              value: 'private',
            }),
          },
          catalogConditions.isEntityOwner({ claims }),
        ],
      });
    }
    if (request.permission.name === 'kubernetes.resources.read' && user) {
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      if (ownershipEntityRefs.includes(NO_KUBERNETES_GROUP)) {
        return { result: AuthorizeResult.DENY };
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
