import { parse as parseYaml } from 'yaml';
import { admitObject } from './admit-object.js';
import { isPlainObject, jsonPatch, mergePatch, strategicMergePatch } from './apply-patch.js';
import type { EmulatedCluster } from './emulated-cluster.js';
import type { ResourceType } from './resources.js';
import { KubeStatusError, notFound } from './status-error.js';
import type { KubeObject } from './types.js';

export interface PatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  contentType: string;
  body: string;
  fieldManager: string | null;
  /** Creates the object: used for server-side apply of an absent object. */
  create(obj: KubeObject): KubeObject;
}

/**
 * PATCH in the four flavours client-node sends (its generated APIs default to json-patch; callers
 * pick another with a Content-Type header). Server-side apply creates an absent object and otherwise
 * merges the applied configuration, without field-ownership conflict detection.
 */
export function patchObject(cluster: EmulatedCluster, req: PatchRequest): { code: number; obj: KubeObject } {
  const mediaType = req.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const current = cluster.store.find(req.type, req.namespace, req.name);
  if (mediaType === 'application/apply-patch+yaml') return apply(cluster, req, current);
  if (!current) throw notFound(req.type.plural, req.type.group, req.name);
  const patch = parseJson(req.body);
  let patched: unknown;
  switch (mediaType) {
    case 'application/json-patch+json':
      patched = jsonPatch(current, patch);
      break;
    case 'application/merge-patch+json':
      patched = mergePatch(current, patch);
      break;
    case 'application/strategic-merge-patch+json':
      patched = strategicMergePatch(current, patch);
      break;
    default:
      throw new KubeStatusError(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
  }
  return { code: 200, obj: saveUpdate(cluster, req, current, patched) };
}

function apply(cluster: EmulatedCluster, req: PatchRequest, current: KubeObject | undefined): { code: number; obj: KubeObject } {
  if (!req.fieldManager) {
    throw new KubeStatusError(
      'BadRequest',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  let applied: unknown;
  try {
    applied = parseYaml(req.body);
  } catch (error) {
    throw new KubeStatusError('BadRequest', `error decoding YAML: ${(error as Error).message}`);
  }
  if (!isPlainObject(applied) || !isPlainObject(applied['metadata'])) {
    throw new KubeStatusError('BadRequest', 'apply patch must be a full object with apiVersion, kind and metadata');
  }
  const config = applied as KubeObject;
  if (config.metadata.name !== req.name) {
    throw new KubeStatusError(
      'BadRequest',
      `the name of the object (${String(config.metadata.name)}) does not match the name on the URL (${req.name})`,
    );
  }
  const entry = {
    manager: req.fieldManager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    time: cluster.store.timestamp(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  if (!current) {
    const fresh = structuredClone(config);
    if (req.namespace !== undefined) fresh.metadata.namespace = req.namespace;
    fresh.metadata.managedFields = [entry];
    return { code: 201, obj: req.create(fresh) };
  }
  const merged = strategicMergePatch(current, config) as KubeObject;
  const others = (current.metadata.managedFields ?? []).filter((f) => (f as { manager?: string }).manager !== req.fieldManager);
  merged.metadata.managedFields = [...others, entry];
  return { code: 200, obj: saveUpdate(cluster, req, current, merged) };
}

function saveUpdate(cluster: EmulatedCluster, req: PatchRequest, current: KubeObject, patched: unknown): KubeObject {
  if (!isPlainObject(patched) || !isPlainObject(patched['metadata'])) {
    throw new KubeStatusError('BadRequest', 'patch result is not an object with metadata');
  }
  const next = patched as KubeObject;
  next.metadata.name = current.metadata.name;
  if (current.metadata.namespace !== undefined) next.metadata.namespace = current.metadata.namespace;
  return cluster.store.replace(req.type, admitObject(cluster.store, req.type, next, current));
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new KubeStatusError('BadRequest', `error decoding request body as JSON: ${(error as Error).message}`);
  }
}
