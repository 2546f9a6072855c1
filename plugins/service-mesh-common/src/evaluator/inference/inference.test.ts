import type { Entity } from '@backstage/catalog-model';
import { evaluateEntity, assessEntity, parseMeshPolicy } from '../..';
import { evaluationSchema, Evaluation } from '../../schema';
import { api, component } from '../../__fixtures__/entities';
import type { EvaluationContext } from '../types';
import { MAX_QUESTIONS, PROVISIONAL_BELOW } from './provisional';

const policy = parseMeshPolicy(undefined);
const meshKey = (k: string) => `mesh-advisor.io/${k}`;

function tagged(name: string, tags: string[], spec = {}): Entity {
  const e = component(name, {}, spec);
  e.metadata.tags = tags;
  return e;
}

function apiWith(name: string, type: string, definition: string): Entity {
  const e = api(name, type);
  (e.spec as Record<string, unknown>).definition = definition;
  return e;
}

function resource(name: string, type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name },
    spec: { type, owner: 'team' },
  };
}

const ev = (context: EvaluationContext): Evaluation =>
  evaluateEntity(context, policy);
const details = (e: Evaluation) =>
  e.requirements.protocols.sources.map(s => s.detail ?? '');

describe('spec.type', () => {
  it.each([
    ['monorepo', 'it describes source code'],
    ['source-code', 'it describes source code'],
    ['cli', 'command-line tool'],
    ['go-library', 'a library is linked into other programs'],
    ['python-library', 'a library is linked into other programs'],
  ])(
    '%s is not a mesh candidate, and the reason names spec.type',
    (type, why) => {
      const e = ev({ entity: component('x', {}, { type }) });
      expect(e.applicable).toBe(false);
      expect(e.verdict).toBe('none');
      expect(e.notApplicableReason).toContain(
        `inferred from spec.type ${type}`,
      );
      expect(e.notApplicableReason).toContain(why);
    },
  );

  it('service stays a workload with nothing inferred from its type', () => {
    const e = ev({ entity: component('x', {}, { type: 'service' }) });
    expect(e.applicable).toBe(true);
    expect(e.requirements.protocols.sources[0].kind).toBe('default');
  });

  it('a web application type implies http1, citing the type', () => {
    const e = ev({ entity: component('x', {}, { type: 'website/service' }) });
    expect(e.applicable).toBe(true);
    expect(e.requirements.protocols.value).toEqual(['http1']);
    expect(details(e)[0]).toMatch(/^inferred from spec\.type website\/service/);
  });
});

describe('tags', () => {
  it.each([
    ['grpc', ['http2', 'grpc']],
    ['GraphQL', ['http1']],
    ['websockets', ['websocket']],
    ['kafka', ['tcp']],
    ['rabbitmq', ['tcp']],
    ['mqtt', ['tcp']],
    ['postgres', ['tcp']],
    ['redis', ['tcp']],
    ['udp', ['udp']],
  ])('tag %s → %j with evidence naming the tag', (tag, protocols) => {
    const e = ev({ entity: tagged('x', ['java', tag]) });
    expect(e.requirements.protocols.value).toEqual(
      expect.arrayContaining(protocols),
    );
    expect(e.requirements.protocols.value).toHaveLength(protocols.length);
    const src = e.requirements.protocols.sources;
    expect(src).toHaveLength(1);
    expect(src[0]).toMatchObject({
      kind: 'inferred',
      ref: 'component:default/x',
    });
    expect(src[0].detail).toMatch(
      new RegExp(`^inferred from tag ${tag.toLowerCase()} ⇒`),
    );
  });

  it('language tags imply nothing', () => {
    const e = ev({ entity: tagged('x', ['java', 'python', 'typescript']) });
    expect(e.requirements.protocols.sources[0].kind).toBe('default');
  });
});

describe('API definitions', () => {
  it('AsyncAPI server protocols are read from the definition', () => {
    const events = apiWith(
      'orders-events',
      'asyncapi',
      'asyncapi: 2.6.0\nservers:\n  prod:\n    url: broker:9092\n    protocol: kafka\n  ws:\n    url: ws.example.com\n    protocol: wss\n',
    );
    const e = ev({
      entity: component('x', {}, { providesApis: ['orders-events'] }),
      apis: [events],
    });
    expect(e.requirements.protocols.value).toEqual(['tcp', 'websocket']);
    expect(details(e)).toEqual([
      expect.stringContaining(
        'inferred from API orders-events (asyncapi): server protocol kafka ⇒ tcp',
      ),
      expect.stringContaining(
        'inferred from API orders-events (asyncapi): server protocol wss ⇒ websocket',
      ),
    ]);
  });

  it('an OpenAPI server with a wss:// url implies websocket', () => {
    const rt = apiWith(
      'rt',
      'openapi',
      "openapi: 3.0.0\nservers:\n  - url: 'wss://rt.example.com'\n",
    );
    const e = ev({
      entity: component('x', {}, { providesApis: ['rt'] }),
      apis: [rt],
    });
    expect(e.requirements.protocols.value).toEqual(['websocket']);
    expect(details(e)[0]).toContain('server url scheme wss');
  });

  it('a stream keyword in a gRPC definition is named as streaming', () => {
    const feed = apiWith(
      'feed',
      'grpc',
      'service Feed { rpc Watch(WatchRequest) returns (stream Event); }',
    );
    const e = ev({
      entity: component('x', {}, { providesApis: ['feed'] }),
      apis: [feed],
    });
    expect(e.requirements.protocols.value).toEqual(['http2', 'grpc']);
    expect(details(e)[0]).toContain('streaming RPCs');
  });
});

describe('Resources via dependsOn', () => {
  it('names the Resource and its type', () => {
    const e = ev({
      entity: component('x', {}, { dependsOn: ['resource:orders-db'] }),
      resources: [resource('orders-db', 'database')],
    });
    expect(e.requirements.protocols.value).toEqual(['tcp']);
    expect(details(e)[0]).toMatch(
      /^inferred from Resource orders-db \(type database\) ⇒ outbound tcp/,
    );
  });

  it('an S3 bucket is HTTPS, not raw TCP', () => {
    const e = ev({
      entity: component('x', {}, { dependsOn: ['resource:assets'] }),
      resources: [resource('assets', 's3-bucket')],
    });
    expect(e.requirements.protocols.value).toEqual(['http1']);
  });
});

describe('precedence', () => {
  it('a declared protocols annotation beats every inference, which still shows', () => {
    const entity = tagged('x', ['grpc', 'kafka']);
    entity.metadata.annotations = { [meshKey('protocols')]: 'http1' };
    const e = ev({ entity });
    expect(e.requirements.protocols.value).toEqual(['http1']);
    const kinds = e.requirements.protocols.sources.map(s => s.kind);
    expect(kinds[0]).toBe('annotation');
    expect(kinds.slice(1)).toEqual(['inferred', 'inferred']);
    expect(details(e)[1]).toContain('not used: the declared annotation wins');
  });

  it('mesh-advisor.io/exclude still decides before spec.type', () => {
    const e = ev({
      entity: component(
        'x',
        { [meshKey('exclude')]: 'true' },
        { type: 'monorepo' },
      ),
    });
    expect(e.notApplicableReason).toContain('Excluded by annotation');
  });
});

describe('provisional verdicts', () => {
  it('a bare component is provisional and leads with the question that flips it', () => {
    const e = ev({ entity: component('bare') });
    expect(e.confidence).toBeLessThan(PROVISIONAL_BELOW);
    expect(e.provisional).toBe(true);
    const qs = e.decidingQuestions!;
    expect(qs.length).toBeGreaterThan(0);
    expect(qs.length).toBeLessThanOrEqual(MAX_QUESTIONS);
    // Biggest swing first, verdict-changing questions before the others.
    expect(qs[0].changesVerdict).toBe(true);
    for (let i = 1; i < qs.length; i++) {
      const [a, b] = [qs[i - 1], qs[i]];
      expect(
        Number(a.changesVerdict) > Number(b.changesVerdict) ||
          (a.changesVerdict === b.changesVerdict && a.swing >= b.swing),
      ).toBe(true);
    }
    // The flip is real: answering with that value gives that verdict.
    const flip = qs[0].outcomes.find(o => o.verdict !== e.verdict)!;
    const answer = (input: string, value: string) => {
      if (input === 'needs' || input === 'protocols')
        return {
          [input]: [...(e.requirements[input].value as string[]), value],
        };
      if (input === 'latencyBudgetMs')
        return { latencyBudgetMs: Number(value) };
      return { [input]: value };
    };
    const overrides = answer(qs[0].input, flip.value);
    expect(
      evaluateEntity({ entity: component('bare') }, policy, overrides as never)
        .verdict,
    ).toBe(flip.verdict);
    expect(
      evaluationSchema.safeParse(JSON.parse(JSON.stringify(e))).success,
    ).toBe(true);
  });

  it('declared inputs are never asked, and a well-declared component is not provisional', () => {
    const entity = component('declared', {
      [meshKey('needs')]: 'mtls, retries',
      [meshKey('protocols')]: 'http1',
      [meshKey('cluster-profile')]: 'standard',
      [meshKey('replicas')]: '3',
      [meshKey('latency-budget-ms')]: '100',
      [meshKey('vendor-support')]: 'none',
      [meshKey('current-mesh')]: 'none',
    });
    const e = ev({ entity });
    expect(e.confidence).toBeGreaterThanOrEqual(PROVISIONAL_BELOW);
    expect(e.provisional).toBe(false);
    expect(e.decidingQuestions).toBeUndefined();

    const half = ev({
      entity: component('half', { [meshKey('needs')]: 'mtls' }),
    });
    expect(half.provisional).toBe(true);
    expect(half.decidingQuestions!.map(q => q.input)).not.toContain('needs');
  });

  it('assessments carry the same questions as full evaluations', () => {
    const a = assessEntity({ entity: component('bare') }, policy);
    const e = ev({ entity: component('bare') });
    expect(a.decidingQuestions).toEqual(e.decidingQuestions);
  });
});
