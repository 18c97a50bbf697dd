import { KubeStatusError } from './status-error.js';
import type { KubeObject } from './types.js';

type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/** Parses a label selector (`a=b,c!=d,e in (x,y),!f`) into a predicate over labels. */
export function parseLabelSelector(selector: string | null | undefined): (labels: Record<string, string> | undefined) => boolean {
  const requirements = splitTerms(selector ?? '').map(parseRequirement);
  return (labels) => requirements.every((r) => matches(r, labels ?? {}));
}

/** Parses a field selector (`involvedObject.name=x,status.phase!=Running`) into a predicate over objects. */
export function parseFieldSelector(selector: string | null | undefined): (obj: KubeObject) => boolean {
  const terms = splitTerms(selector ?? '').map((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!m || !m[1] || !m[2]) throw new KubeStatusError('BadRequest', `invalid field selector: "${term}"`);
    return { path: m[1].trim().split('.'), negate: m[2] === '!=', value: (m[3] ?? '').trim() };
  });
  return (obj) =>
    terms.every(({ path, negate, value }) => {
      let cursor: unknown = obj;
      for (const part of path)
        cursor = cursor && typeof cursor === 'object' ? (cursor as Record<string, unknown>)[part] : undefined;
      const actual = cursor === undefined || cursor === null ? '' : String(cursor);
      return negate ? actual !== value : actual === value;
    });
}

/** Splits on commas outside parentheses (`a in (x,y),b=c` has two terms). */
function splitTerms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

function parseRequirement(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set?.[1] && set[2]) {
    const values = (set[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    return { key: set[1], op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (eq?.[1] && eq[2]) return { key: eq[1], op: eq[2] === '!=' ? 'neq' : 'eq', value: eq[3] ?? '' };
  const notExists = /^!\s*(\S+)$/.exec(term);
  if (notExists?.[1]) return { key: notExists[1], op: 'notexists' };
  if (/^[A-Za-z0-9._/-]+$/.test(term)) return { key: term, op: 'exists' };
  throw new KubeStatusError('BadRequest', `unable to parse requirement: "${term}"`);
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'eq':
      return has && value === r.value;
    case 'neq':
      return !has || value !== r.value;
    case 'in':
      return has && value !== undefined && r.values.includes(value);
    case 'notin':
      return !has || value === undefined || !r.values.includes(value);
  }
}

/** True when a Deployment/ReplicaSet `spec.selector` (matchLabels + matchExpressions) selects the labels. */
export function selectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const { matchLabels, matchExpressions } = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const l = labels ?? {};
  for (const [k, v] of Object.entries(matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of matchExpressions ?? []) {
    const value = l[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && (value === undefined || !values.includes(value))) return false;
    if (e.operator === 'NotIn' && value !== undefined && values.includes(value)) return false;
    if (e.operator === 'Exists' && value === undefined) return false;
    if (e.operator === 'DoesNotExist' && value !== undefined) return false;
  }
  return true;
}
