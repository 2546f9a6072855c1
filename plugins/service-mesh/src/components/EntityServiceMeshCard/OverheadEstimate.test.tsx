import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  evaluateEntity,
  MESH_ANNOTATIONS,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';
import type { Entity } from '@backstage/catalog-model';
import { OverheadEstimate } from './OverheadEstimate';

// Real estimates from the evaluator, not hand-written ones.
const policy = parseMeshPolicy(undefined);

function cart(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const edge = evaluateEntity(
  {
    entity: cart({
      [MESH_ANNOTATIONS.clusterProfile]: 'edge',
      [MESH_ANNOTATIONS.replicas]: '3',
    }),
    observations: [
      {
        cluster: 'edge-1',
        observedAt: '2026-12-01T10:00:00.000Z',
        status: 'ok',
        workloads: [
          { kind: 'Deployment', namespace: 'shop', name: 'cart', replicas: 3 },
        ],
        pods: 3,
        dataPlanes: [],
        currentMesh: 'none',
        injection: [],
        protocols: [],
        requests: {
          cpuMillicores: 250,
          memoryMiB: 64,
          proxyCpuMillicores: 0,
          proxyMemoryMiB: 0,
          from: 'Deployment shop/cart',
        },
      },
    ],
  },
  policy,
);

describe('OverheadEstimate', () => {
  it('shows the ambient data plane with ztunnel per node and the harness of each figure', async () => {
    await renderInTestApp(<OverheadEstimate overhead={edge.overhead.istio} />);
    const section = screen.getByRole('region', { name: 'Overhead estimate' });
    expect(within(section).getByText('ambient data plane')).toBeInTheDocument();
    expect(
      within(section).getByText(
        /ztunnel runs once per node, shared by every pod on it/,
      ),
    ).toBeInTheDocument();
    const basis = within(section).getByRole('list', {
      name: 'Where the figures come from',
    });
    const items = within(basis).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/^CPU: .*one ztunnel; Istio 1\.24/),
      expect.stringMatching(/^Memory: .*one ztunnel; Istio 1\.24/),
      expect.stringMatching(/^Latency: .*fortio.*Istio 1\.22/),
    ]);
  });

  it('says a derived figure is derived and how', async () => {
    await renderInTestApp(
      <OverheadEstimate overhead={edge.overhead.linkerd} />,
    );
    const cpu = screen
      .getAllByRole('listitem')
      .find(item => item.textContent?.startsWith('CPU:'))!;
    expect(cpu).toHaveTextContent(
      /derived, not published \(0\.20 vCPU .* × 36 ms \/ 67 ms/,
    );
    const memory = screen
      .getAllByRole('listitem')
      .find(item => item.textContent?.startsWith('Memory:'))!;
    expect(memory).not.toHaveTextContent(/derived/);
  });

  it('shows the proxy cost as a share of the workload’s own requests', async () => {
    await renderInTestApp(<OverheadEstimate overhead={edge.overhead.istio} />);
    // 3 ztunnels at 0.06 vCPU / 12 MB on 3 pods of 250m / 64 MiB.
    expect(
      screen.getByText(
        /On top of the workload: 24% of its requested CPU and 19% of its requested memory \(requests observed: Deployment shop\/cart in cluster edge-1/,
      ),
    ).toBeInTheDocument();
  });

  it('shows no share when the requests are unknown', async () => {
    const bare = evaluateEntity({ entity: cart({}) }, policy);
    await renderInTestApp(<OverheadEstimate overhead={bare.overhead.istio} />);
    expect(
      screen.queryByText(/On top of the workload/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('sidecar data plane')).toBeInTheDocument();
  });
});
