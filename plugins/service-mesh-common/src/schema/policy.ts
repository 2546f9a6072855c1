import { z } from 'zod';
import {
  clusterProfileSchema,
  meshIdSchema,
  opsCapacitySchema,
  vendorSupportSchema,
} from './evaluation';
import { MESH_IDS } from './values';

/**
 * The organisation's policy: the `serviceMesh` block of app-config minus
 * what only the backend reads (`refresh`). See config.d.ts of the backend
 * plugin for the documented form.
 *
 * @public
 */
export const meshPolicySchema = z
  .object({
    defaults: z
      .object({
        clusterProfile: clusterProfileSchema.default('standard'),
        opsCapacity: opsCapacitySchema.default('small'),
        vendorSupport: vendorSupportSchema.default('none'),
        replicas: z.number().int().min(1).max(100000).default(2),
      })
      .strict()
      .prefault({}),
    /** Meshes the organisation offers; the others are blocked ("not offered here"). */
    allowedMeshes: z
      .array(meshIdSchema)
      .min(1)
      .default([...MESH_IDS]),
    /** Score gap under which the verdict is `either`. */
    margin: z.number().min(0).max(100).default(5),
    /**
     * The releases the guidance is written for (apiVersions, install steps);
     * each missing one defaults to the newest the fact tables cover, and one
     * outside the supported window is clamped to it (see `SUPPORTED_VERSIONS`).
     */
    targets: z
      .object({
        istio: z
          .string()
          .regex(/^\d+\.\d+(\.\d+)?$/)
          .optional(),
        linkerd: z
          .string()
          .regex(/^\d+\.\d+(\.\d+)?$/)
          .optional(),
        gatewayApi: z
          .string()
          .regex(/^\d+\.\d+(\.\d+)?$/)
          .optional(),
      })
      .strict()
      .optional(),
    /** Overrides of factor weights, by weight name (see `DEFAULT_WEIGHTS`). */
    weights: z.record(z.string(), z.number().min(0).max(100)).default({}),
  })
  .strip();

/**
 * The organisation's policy with every default filled in (see
 * {@link meshPolicySchema}).
 *
 * @public
 */
export type MeshPolicy = z.infer<typeof meshPolicySchema>;
/**
 * The organisation's policy as written in app-config, before defaults (see
 * {@link meshPolicySchema}).
 *
 * @public
 */
export type MeshPolicyInput = z.input<typeof meshPolicySchema>;
