import type { Entity } from '@backstage/catalog-model';
import type { Protocol, ValueSource } from '../../schema';
import { isRecord, kindOf, refOf } from '../refs';
import type { EvaluationContext } from '../types';
import {
  API_TYPE_RULES,
  COMPONENT_TYPE_RULES,
  ComponentTypeRule,
  RESOURCE_TYPE_RULES,
  SERVER_PROTOCOL_RULES,
  TAG_RULES,
  TagRule,
} from './rules';

/**
 * Applies the rules of ./rules.ts to one component and its related
 * entities. Every inferred value carries a source whose detail starts with
 * "inferred from" and names exactly the field it read.
 */

const exactTypes = new Map<string, ComponentTypeRule>();
const suffixTypes: Array<[string, ComponentTypeRule]> = [];
for (const rule of COMPONENT_TYPE_RULES) {
  for (const t of rule.types) {
    if (t.startsWith('*')) suffixTypes.push([t.slice(1), rule]);
    else exactTypes.set(t, rule);
  }
}
const tagIndex = new Map<string, TagRule>();
for (const rule of TAG_RULES) for (const t of rule.tags) tagIndex.set(t, rule);

function specType(entity: Entity | undefined): string {
  const spec = isRecord(entity) && isRecord(entity.spec) ? entity.spec : {};
  return typeof spec.type === 'string' ? spec.type.trim().toLowerCase() : '';
}

function typeRule(type: string): ComponentTypeRule | undefined {
  if (type === '') return undefined;
  const hit = exactTypes.get(type);
  if (hit) return hit;
  for (const [suffix, rule] of suffixTypes)
    if (type.endsWith(suffix)) return rule;
  return undefined;
}

/**
 * Why a component is not a mesh candidate according to its `spec.type`, or
 * undefined when the type names a workload or is unknown.
 *
 * @public
 */
export function notWorkloadReason(entity: Entity): string | undefined {
  const type = specType(entity);
  const rule = typeRule(type);
  if (!rule || rule.workload) return undefined;
  return `Not a mesh candidate, inferred from spec.type ${type}: ${rule.why}. Set spec.type to service if it does run as a workload.`;
}

interface Found {
  protocols: readonly Protocol[];
  detail: string;
}

// Matches `protocol: kafka` lines of AsyncAPI servers and `url: wss://…` of OpenAPI servers.
const ASYNC_PROTOCOL = /^\s*protocol:\s*['"]?([A-Za-z0-9+-]+)/gm;
const SERVER_URL = /^\s*-?\s*url:\s*['"]?([A-Za-z0-9+-]+):\/\//gm;
const GRPC_STREAM = /\(\s*stream\s/;
// Definitions can be large; what decides is near the top (servers) or anywhere (stream).
const MAX_DEFINITION_CHARS = 200_000;

function scan(re: RegExp, text: string): string[] {
  const out = new Set<string>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    out.add(m[1].toLowerCase());
  return [...out];
}

// APIs are shared by many components: read each definition once.
const apiCache = new WeakMap<object, Found[]>();

function fromApi(api: Entity): Found[] {
  const hit = apiCache.get(api);
  if (hit) return hit;
  const type = specType(api);
  const name = isRecord(api.metadata) ? String(api.metadata.name) : '?';
  const spec = isRecord(api.spec) ? api.spec : {};
  const def =
    typeof spec.definition === 'string'
      ? spec.definition.slice(0, MAX_DEFINITION_CHARS)
      : '';
  const found: Found[] = [];
  const what = `API ${name} (${type})`;
  if (type === 'asyncapi' || type === 'openapi') {
    const keys =
      type === 'asyncapi' ? scan(ASYNC_PROTOCOL, def) : scan(SERVER_URL, def);
    for (const k of keys) {
      const rule = SERVER_PROTOCOL_RULES[k];
      if (rule)
        found.push({
          protocols: rule.protocols,
          detail: `inferred from ${what}: server ${
            type === 'asyncapi' ? 'protocol' : 'url scheme'
          } ${k} ⇒ ${rule.protocols.join(', ')} (${rule.why})`,
        });
    }
  } else if (type === 'grpc' && GRPC_STREAM.test(def)) {
    found.push({
      protocols: API_TYPE_RULES.grpc.protocols,
      detail: `inferred from ${what}: streaming RPCs in its definition ⇒ grpc, http2 (long-lived HTTP/2 streams)`,
    });
  }
  const typeRuleHit = API_TYPE_RULES[type];
  if (found.length === 0 && typeRuleHit)
    found.push({
      protocols: typeRuleHit.protocols,
      detail: `inferred from ${what} ⇒ ${typeRuleHit.protocols.join(', ')} (${
        typeRuleHit.why
      })`,
    });
  apiCache.set(api, found);
  return found;
}

/** @internal */
export interface ProtocolInference {
  protocols: Set<Protocol>;
  sources: ValueSource[];
}

/**
 * The protocols a component's catalog entry implies: its spec.type, its
 * tags, the APIs it provides or consumes and the Resources it dependsOn.
 *
 * @internal
 */
export function inferProtocols(
  context: EvaluationContext,
  dependsOnResources: readonly string[],
): ProtocolInference {
  const protocols = new Set<Protocol>();
  const sources: ValueSource[] = [];
  const entity = context.entity;
  const ref = refOf(entity);
  const add = (ps: readonly Protocol[], source: ValueSource) => {
    ps.forEach(p => protocols.add(p));
    sources.push(source);
  };

  const type = specType(entity);
  const tr = typeRule(type);
  if (tr?.workload && tr.protocols)
    add(tr.protocols, {
      kind: 'inferred',
      ref,
      detail: `inferred from spec.type ${type} ⇒ ${tr.protocols.join(', ')} (${
        tr.why
      })`,
    });

  const tags =
    isRecord(entity) &&
    isRecord(entity.metadata) &&
    Array.isArray(entity.metadata.tags)
      ? entity.metadata.tags
      : [];
  for (const t of tags) {
    if (typeof t !== 'string') continue;
    const tag = t.trim().toLowerCase();
    const rule = tagIndex.get(tag);
    if (rule)
      add(rule.protocols, {
        kind: 'inferred',
        ref,
        detail: `inferred from tag ${tag} ⇒ ${rule.protocols.join(', ')} (${
          rule.why
        })`,
      });
  }

  for (const api of Array.isArray(context.apis) ? context.apis : []) {
    if (kindOf(api) !== 'api') continue;
    for (const f of fromApi(api))
      add(f.protocols, { kind: 'inferred', ref: refOf(api), detail: f.detail });
  }

  if (dependsOnResources.length > 0) {
    const byRef = new Map<string, Entity>();
    for (const r of Array.isArray(context.resources) ? context.resources : [])
      if (kindOf(r) === 'resource') byRef.set(refOf(r), r);
    const unknown: string[] = [];
    for (const r of dependsOnResources) {
      const res = byRef.get(r);
      const rtype = specType(res);
      const rule = RESOURCE_TYPE_RULES[rtype];
      if (res && rule) {
        const name = isRecord(res.metadata) ? String(res.metadata.name) : r;
        add(rule.protocols, {
          kind: 'inferred',
          ref: r,
          detail: `inferred from Resource ${name} (type ${rtype}) ⇒ outbound ${rule.protocols.join(
            ', ',
          )} (${rule.why})`,
        });
      } else unknown.push(r);
    }
    // A dependency of unknown type is still a connection out of the pod; TCP is the safe reading.
    if (unknown.length > 0)
      add(['tcp'], {
        kind: 'inferred',
        ref: unknown[0],
        detail: `inferred from dependsOn ${unknown.join(
          ', ',
        )} ⇒ outbound tcp (resource type unknown)`,
      });
  }
  return { protocols, sources };
}
