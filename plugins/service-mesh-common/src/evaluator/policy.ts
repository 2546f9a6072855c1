import { meshPolicySchema, MeshPolicy } from '../schema';
import { WEIGHT_NAMES } from './weights';

/**
 * A bad `serviceMesh` config. The message has one line per problem, naming
 * the key path, the bad value and what is accepted.
 *
 * @public
 */
export class MeshPolicyError extends Error {
  /** One entry per problem, e.g. `serviceMesh.margin: -1 is …`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Invalid serviceMesh config:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'MeshPolicyError';
    this.problems = problems;
  }
}

function showValue(value: unknown): string {
  let s: string;
  try {
    s =
      value === undefined
        ? 'undefined'
        : JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function at(raw: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

type Issue = {
  code: string;
  path: PropertyKey[];
  message: string;
  values?: unknown[];
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  keys?: string[];
  inclusive?: boolean;
};

function describe(issue: Issue, raw: unknown): string {
  const path = ['serviceMesh', ...issue.path.map(String)].join('.');
  const value = showValue(at(raw, issue.path));
  switch (issue.code) {
    case 'invalid_value':
      return `${path}: ${value} is not accepted; accepted: ${(
        issue.values ?? []
      )
        .map(v => String(v))
        .join(', ')}`;
    case 'invalid_type':
      return `${path}: ${value} is not accepted; accepted: ${
        issue.expected ?? 'another type'
      }`;
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'array')
        return `${path}: ${value} is not accepted; accepted: a list with ${
          issue.code === 'too_small'
            ? `at least ${issue.minimum}`
            : `at most ${issue.maximum}`
        } item(s)`;
      return `${path}: ${value} is not accepted; accepted: a number ${
        issue.code === 'too_small'
          ? `${issue.inclusive === false ? 'greater than' : 'at least'} ${
              issue.minimum
            }`
          : `${issue.inclusive === false ? 'less than' : 'at most'} ${
              issue.maximum
            }`
      }`;
    }
    case 'unrecognized_keys':
      return `${path}: unknown key(s) ${(issue.keys ?? []).join(
        ', ',
      )}; accepted: clusterProfile, opsCapacity, vendorSupport, replicas`;
    default:
      return `${path}: ${value} is not accepted; ${issue.message}`;
  }
}

/**
 * Validates the raw `serviceMesh` block of app-config (object or undefined)
 * and fills the defaults. `refresh` is ignored (backend only).
 *
 * @public
 * @throws MeshPolicyError naming every bad key, its value and what is accepted.
 */
export function parseMeshPolicy(raw: unknown): MeshPolicy {
  if (raw === undefined || raw === null) return meshPolicySchema.parse({});
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MeshPolicyError([
      `serviceMesh: ${showValue(raw)} is not accepted; accepted: an object`,
    ]);
  }
  const problems: string[] = [];
  const result = meshPolicySchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push(describe(issue as unknown as Issue, raw));
  }
  const weights = (raw as Record<string, unknown>).weights;
  if (
    weights !== null &&
    typeof weights === 'object' &&
    !Array.isArray(weights)
  ) {
    for (const name of Object.keys(weights)) {
      if (!(WEIGHT_NAMES as string[]).includes(name)) {
        problems.push(
          `serviceMesh.weights.${name}: unknown weight name; accepted: ${WEIGHT_NAMES.join(
            ', ',
          )}`,
        );
      }
    }
  }
  if (problems.length > 0 || !result.success)
    throw new MeshPolicyError(problems);
  return {
    ...result.data,
    allowedMeshes: [...new Set(result.data.allowedMeshes)],
  };
}
