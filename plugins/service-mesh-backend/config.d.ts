import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Mesh Advisor: the organisation's service-mesh policy. Every key is
   * optional; a bad value stops the backend at start with a message naming
   * the key, the value and what is accepted.
   */
  serviceMesh?: {
    /** Values used when neither the component nor its system, domain or owner says. */
    defaults?: {
      /** Resource budget where components run. Default `standard`. */
      clusterProfile?: 'edge' | 'standard' | 'large';
      /** Is there a platform squad that owns mesh policy? Default `small`. */
      opsCapacity?: 'none' | 'small' | 'dedicated';
      /** Need for commercial support and LTS builds. Default `none`. */
      vendorSupport?: 'required' | 'preferred' | 'none';
      /** Pods per component, for the overhead estimate. Default 2. */
      replicas?: number;
    };
    /**
     * Meshes the organisation offers. A mesh left out is blocked for every
     * component with the reason "not offered here". Default both.
     */
    allowedMeshes?: Array<'istio' | 'linkerd'>;
    /** Score gap (0–100) under which the verdict is `either`. Default 5. */
    margin?: number;
    /**
     * The releases the guidance is written for (apiVersions, install steps,
     * what that release lacks). Supported: Istio 1.24–1.30, Linkerd
     * 2.16–2.20, Gateway API 1.1–1.5; default the newest of each. A release
     * outside its window stops the backend at start.
     */
    targets?: {
      /** A quoted version, for example `'1.28'`. */
      istio?: string;
      /** A quoted version, for example `'2.17'`. */
      linkerd?: string;
      /** A quoted version, for example `'1.2'`. */
      gatewayApi?: string;
    };
    /** Overrides of the evaluator's named factor weights (0–100 each). */
    weights?: { [name: string]: number };
    /** How often the stored evaluations behind the dashboard are refreshed. */
    refresh?: {
      /** Default every 30 minutes. */
      frequency?: HumanDuration;
      /** Default 10 minutes. */
      timeout?: HumanDuration;
      /** Delay before the first run after start. Default 5 seconds. */
      initialDelay?: HumanDuration;
      /** Entities read from the catalog per page during a refresh. Default 500. */
      pageSize?: number;
      /**
       * The frequent pass that keeps the dashboard within 2 minutes of the
       * catalog: it reads only each component's ref and etag, and evaluates
       * only new and changed components (and removes gone ones). The full
       * refresh above stays the safety net for changes of related entities.
       */
      changeDetection?: {
        /** From 1 second to 1 hour. Default every 30 seconds. */
        frequency?: HumanDuration;
        /** Default 5 minutes. */
        timeout?: HumanDuration;
        /** Delay before the first pass after start. Default 30 seconds. */
        initialDelay?: HumanDuration;
      };
    };
    /** The verdict history of stored evaluations. */
    history?: {
      /**
       * Days verdict transitions are kept (1–3650); older ones are deleted
       * by the full refresh. Default 90.
       */
      retentionDays?: number;
    };
  };
}
