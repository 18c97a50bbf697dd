import { KubeStatusError } from './status-error.js';

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Strategic merge patch, reduced to what matters for the types the emulator serves: like a merge
 * patch, except that lists of named objects (containers, env, ports, volumes) merge item by item on
 * their `name` instead of being replaced, as the real patch strategy for those fields does.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (value === null) delete out[key];
    else if (Array.isArray(value) && Array.isArray(current) && isNamedList(value) && isNamedList(current)) {
      out[key] = mergeNamedLists(current, value);
    } else out[key] = strategicMergePatch(current, value);
  }
  return out;
}

function isNamedList(list: unknown[]): list is Record<string, unknown>[] {
  return list.length > 0 && list.every((item) => isPlainObject(item) && typeof item['name'] === 'string');
}

function mergeNamedLists(current: Record<string, unknown>[], patch: Record<string, unknown>[]): unknown[] {
  const out = current.map((item) => ({ ...item }));
  for (const item of patch) {
    const index = out.findIndex((existing) => existing['name'] === item['name']);
    if (item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) out[index] = strategicMergePatch(out[index], item) as Record<string, unknown>;
    else out.push(structuredClone(item));
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy and test. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new KubeStatusError('BadRequest', 'json patch body must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new KubeStatusError('BadRequest', `invalid json patch operation: ${JSON.stringify(raw)}`);
    }
    switch (raw.op) {
      case 'add':
        doc = setAt(doc, parsePointer(raw.path), structuredClone(raw.value), 'add');
        break;
      case 'replace':
        doc = setAt(doc, parsePointer(raw.path), structuredClone(raw.value), 'replace');
        break;
      case 'remove':
        doc = removeAt(doc, parsePointer(raw.path));
        break;
      case 'copy':
      case 'move': {
        const from = parsePointer(raw.from ?? '');
        const value = structuredClone(getAt(doc, from));
        if (raw.op === 'move') doc = removeAt(doc, from);
        doc = setAt(doc, parsePointer(raw.path), value, 'add');
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, parsePointer(raw.path))) !== JSON.stringify(raw.value)) {
          throw new KubeStatusError(
            'Invalid',
            `the server rejected our request due to an error in our request: test failed at ${raw.path}`,
          );
        }
        break;
      default:
        throw new KubeStatusError('BadRequest', `unknown json patch operation "${raw.op}"`);
    }
  }
  return doc;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new KubeStatusError('BadRequest', `invalid json pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, path: string[]): unknown {
  let cursor = doc;
  for (const part of path) {
    if (Array.isArray(cursor)) cursor = cursor[Number(part)];
    else if (isPlainObject(cursor)) cursor = cursor[part];
    else cursor = undefined;
    if (cursor === undefined) throw new KubeStatusError('Invalid', `doc is missing path: "/${path.join('/')}"`);
  }
  return cursor;
}

function setAt(doc: unknown, path: string[], value: unknown, op: 'add' | 'replace'): unknown {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (op === 'replace' && index >= parent.length)) {
      throw new KubeStatusError('Invalid', `array index out of range at "/${path.join('/')}"`);
    }
    if (op === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isPlainObject(parent)) {
    if (op === 'replace' && !(last in parent)) {
      throw new KubeStatusError('Invalid', `doc is missing key: "/${path.join('/')}": missing value`);
    }
    parent[last] = value;
  } else throw new KubeStatusError('Invalid', `cannot set "/${path.join('/')}" on a non-container`);
  return doc;
}

function removeAt(doc: unknown, path: string[]): unknown {
  if (path.length === 0) throw new KubeStatusError('Invalid', 'cannot remove the whole document');
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      throw new KubeStatusError('Invalid', `array index out of range at "/${path.join('/')}"`);
    }
    parent.splice(index, 1);
  } else if (isPlainObject(parent) && last in parent) delete parent[last];
  else throw new KubeStatusError('Invalid', `doc is missing path: "/${path.join('/')}": missing value`);
  return doc;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
