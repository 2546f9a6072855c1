import { z } from 'zod';
import { CURRENT_MESHES, PROTOCOLS, VERDICTS } from './values';

/**
 * What Mesh Advisor saw running in the clusters, read through Backstage's
 * Kubernetes plugin: the observed evidence beside the catalog's declarations.
 */

/** How a mesh's data plane reaches a pod. @public */
export const DATA_PLANES = [
  'istio-sidecar', // an `istio-proxy` container
  'istio-native-sidecar', // `istio-proxy` as an init container with restartPolicy Always
  'istio-ambient', // enrolled in ambient mode (ztunnel), no proxy in the pod
  'linkerd', // a `linkerd-proxy` container (or native-sidecar init container)
] as const;

/**
 * Validates a data plane (see {@link DATA_PLANES}).
 *
 * @public
 */
export const dataPlaneSchema = z.enum(DATA_PLANES);
/**
 * How a mesh's data plane reaches a pod, e.g. `istio-ambient`.
 *
 * @public
 */
export type DataPlane = z.infer<typeof dataPlaneSchema>;

/**
 * One component's objects in one cluster, as last observed.
 *
 * @public
 */
export const clusterObservationSchema = z.object({
  /** The cluster's name in the Kubernetes plugin's config. */
  cluster: z.string(),
  /** ISO time of the observation. */
  observedAt: z.string(),
  /** `error`: the cluster (or the Kubernetes plugin) failed or timed out; nothing else is known. */
  status: z.enum(['ok', 'error']),
  error: z.string().optional(),
  /** Deployments, StatefulSets and DaemonSets found, with their replica counts. */
  workloads: z.array(
    z.object({
      kind: z.string(),
      namespace: z.string(),
      name: z.string(),
      replicas: z.number().optional(),
    }),
  ),
  /** The number of pods observed. */
  pods: z.number(),
  /** Data planes seen in its pods (empty: pods without any mesh). */
  dataPlanes: z.array(dataPlaneSchema),
  /** The mesh its pods run; undefined when no pod was observed. */
  currentMesh: z.enum(CURRENT_MESHES).optional(),
  /** The object the current mesh was read from, e.g. `Pod checkout/checkout-api-6c6b-x2kq8`. */
  currentMeshFrom: z.string().optional(),
  /** Injection labels and annotations seen on its pods, e.g. `sidecar.istio.io/inject=true`. */
  injection: z.array(z.string()),
  /** Replicas: the HPA's maxReplicas, else the workload's spec.replicas. */
  replicas: z
    .object({
      value: z.number().int().min(1),
      /** e.g. `HorizontalPodAutoscaler checkout/cart-service (maxReplicas)` */
      from: z.string(),
    })
    .optional(),
  /** Protocols of its Service ports. */
  protocols: z.array(
    z.object({
      protocol: z.enum(PROTOCOLS),
      /** e.g. `Service checkout/cart-service port grpc-cart 7070/TCP` */
      from: z.string(),
      /** What told the protocol: `appProtocol`, `port name` or `protocol`. */
      via: z.enum(['appProtocol', 'port name', 'protocol']),
    }),
  ),
  /** Resource requests of one pod, application containers apart from proxies. */
  requests: z
    .object({
      cpuMillicores: z.number(),
      memoryMiB: z.number(),
      proxyCpuMillicores: z.number(),
      proxyMemoryMiB: z.number(),
      /** The pod (or pod template) they were read from. */
      from: z.string(),
    })
    .optional(),
});
/**
 * One component's objects in one cluster (see
 * {@link clusterObservationSchema}).
 *
 * @public
 */
export type ClusterObservation = z.infer<typeof clusterObservationSchema>;

/**
 * The observed evidence of an evaluation: present only for callers who may
 * read Kubernetes resources (`kubernetes.resources.read`).
 *
 * @public
 */
export const observedEvidenceSchema = z.object({
  clusters: z.array(clusterObservationSchema),
});
/**
 * What the clusters showed for one evaluation (see
 * {@link observedEvidenceSchema}).
 *
 * @public
 */
export type ObservedEvidence = z.infer<typeof observedEvidenceSchema>;

/**
 * GET /v1/clusters: per cluster, the components observed there, the mesh
 * each points to (its verdict) and the one it runs, conflicts and proxy cost.
 *
 * @public
 */
export const clusterRollupSchema = z.object({
  name: z.string(),
  /** Latest observation time in this cluster. */
  observedAt: z.string(),
  /** Components whose observation failed in this cluster. */
  errors: z.array(z.object({ entityRef: z.string(), message: z.string() })),
  components: z.array(
    z.object({
      entityRef: z.string(),
      title: z.string().optional(),
      /** The mesh the evaluation points to. */
      verdict: z.enum(VERDICTS),
      /** The mesh its pods run; `unknown` when no pod was observed. */
      runs: z.enum([...CURRENT_MESHES, 'unknown']),
      dataPlanes: z.array(dataPlaneSchema),
      replicas: z.number(),
      observedAt: z.string(),
    }),
  ),
  /** How many components point to / run each mesh. */
  pointsTo: z.record(z.string(), z.number()),
  runs: z.record(z.string(), z.number()),
  /** Components of this one cluster pointing to different meshes (Istio vs Linkerd); undefined when none. */
  conflict: z
    .object({
      summary: z.string(),
      byMesh: z.record(z.string(), z.array(z.string())),
    })
    .optional(),
  /** Proxy cost across the observed replicas (Mesh Advisor's overhead estimate, not a measurement). */
  proxyCost: z.object({
    /** Of the proxies running today. */
    running: z.object({ proxyCpuVcpu: z.number(), proxyMemoryMiB: z.number() }),
    /** If each component ran the mesh it points to (either/none count zero). */
    recommended: z.object({
      proxyCpuVcpu: z.number(),
      proxyMemoryMiB: z.number(),
    }),
  }),
});
/**
 * One cluster's components and meshes (see {@link clusterRollupSchema}).
 *
 * @public
 */
export type ClusterRollup = z.infer<typeof clusterRollupSchema>;

/**
 * The body of `GET /v1/clusters`: one roll-up per cluster.
 *
 * @public
 */
export const listClustersResponseSchema = z.object({
  clusters: z.array(clusterRollupSchema),
});
/**
 * The body of `GET /v1/clusters` (see {@link listClustersResponseSchema}).
 *
 * @public
 */
export type ListClustersResponse = z.infer<typeof listClustersResponseSchema>;
