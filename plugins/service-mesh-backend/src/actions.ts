import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { MeshAdvisorService } from './services/MeshAdvisorService';
import { hasControlCharacters, NO_CONTROL_CHARACTERS } from './validation';

/**
 * An action for AI assistants (MCP, through the actions registry): the
 * verdict for one entity, read from the catalog with the assistant user's
 * own credentials, so it sees exactly what that user may read. An adapter
 * over the same service as the HTTP route, with a shorter answer.
 */
export function registerEvaluateAction(options: {
  actionsRegistry: ActionsRegistryService;
  service: MeshAdvisorService;
}) {
  const { actionsRegistry, service } = options;
  actionsRegistry.register({
    name: 'evaluate-service-mesh-fit',
    title: 'Evaluate service mesh fit',
    description:
      'Evaluates how well a catalog component fits a service mesh (Istio, Linkerd or none): the verdict, both scores, the blockers, the deciding factors and any annotation problems.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The component, e.g. "component:default/payments" or "payments"',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          applicable: z.boolean(),
          verdict: z.enum(['istio', 'linkerd', 'either', 'none']),
          scores: z.object({ istio: z.number(), linkerd: z.number() }),
          confidence: z.number(),
          blockers: z.object({
            istio: z.array(z.string()),
            linkerd: z.array(z.string()),
          }),
          factors: z
            .array(z.string())
            .describe('The strongest factors, signed points first'),
          diagnostics: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      let ref: CompoundEntityRef;
      if (hasControlCharacters(input.entityRef)) {
        // Never sent to the catalog, which fails on a NUL byte.
        throw new InputError(
          `Invalid entityRef ${JSON.stringify(
            input.entityRef,
          )}: accepted is an entity ref with ${NO_CONTROL_CHARACTERS}`,
        );
      }
      try {
        ref = parseEntityRef(input.entityRef, { defaultKind: 'component' });
      } catch (error) {
        throw new InputError(
          `Invalid entityRef "${input.entityRef}": ${(error as Error).message}`,
        );
      }
      const evaluation = await service.evaluateEntity(ref, { credentials });
      return {
        output: {
          entityRef: evaluation.entityRef,
          applicable: evaluation.applicable,
          verdict: evaluation.verdict,
          scores: evaluation.scores,
          confidence: evaluation.confidence,
          blockers: {
            istio: evaluation.blockers.istio.map(b => b.summary),
            linkerd: evaluation.blockers.linkerd.map(b => b.summary),
          },
          factors: [...evaluation.factors]
            .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
            .slice(0, 8)
            .map(
              f =>
                `${f.mesh} ${f.points > 0 ? '+' : ''}${f.points}: ${f.summary}`,
            ),
          diagnostics: evaluation.diagnostics.map(d => d.message),
        },
      };
    },
  });
}
