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
    };
  };
}
