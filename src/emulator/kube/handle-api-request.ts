import { admitObject } from './admit-object.js';
import type { EmulatedCluster } from './emulated-cluster.js';
import { parseFieldSelector, parseLabelSelector } from './match-selectors.js';
import { parseApiPath } from './parse-api-path.js';
import { parseJson, patchObject } from './patch-object.js';
import { apiVersionOf, R, type ResourceType } from './resources.js';
import { KubeStatusError, notFound } from './status-error.js';
import type { KubeObject } from './types.js';

export interface ApiRequest {
  method: string;
  url: URL;
  contentType: string;
  body: string;
  serverAddress: string;
}

export interface ApiResponse {
  code: number;
  body: unknown;
}

/** Serves one authenticated REST request against a cluster. Failures are thrown as KubeStatusError. */
export function handleApiRequest(cluster: EmulatedCluster, req: ApiRequest): ApiResponse {
  const route = parseApiPath(req.url.pathname, req.serverAddress);
  if (route.kind === 'document') {
    if (req.method !== 'GET') throw methodNotAllowed();
    return { code: 200, body: route.body };
  }
  const { type, namespace, name, subresource } = route;
  const query = req.url.searchParams;
  if (query.has('dryRun')) throw new KubeStatusError('BadRequest', 'dryRun is not supported by the gpubot kube emulator');
  if (subresource === 'exec') throw new KubeStatusError('BadRequest', 'Upgrade request required');
  if (subresource !== undefined && subresource !== 'status')
    throw notFound(`${type.plural}/${subresource}`, type.group, name ?? '');
  if (subresource === 'status' && req.method !== 'GET') {
    throw new KubeStatusError('MethodNotAllowed', 'the gpubot kube emulator lets only its controllers write status');
  }
  const verb = verbOf(req.method, name !== undefined);
  if (!type.verbs.includes(verb)) throw methodNotAllowed();
  const store = cluster.store;
  switch (verb) {
    case 'get':
      return { code: 200, body: store.get(type, namespace, name ?? '') };
    case 'list':
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        throw new KubeStatusError('BadRequest', 'watch is not supported by the gpubot kube emulator; poll with list');
      }
      return { code: 200, body: pageOf(type, selectObjects(cluster, type, namespace, query), query, store.resourceVersion) };
    case 'create':
      return { code: 201, body: createObject(cluster, type, namespace, parseJson(req.body)) };
    case 'update':
      return { code: 200, body: replaceObject(cluster, type, namespace, name ?? '', parseJson(req.body)) };
    case 'patch': {
      const result = patchObject(cluster, {
        type,
        namespace,
        name: name ?? '',
        contentType: req.contentType,
        body: req.body,
        fieldManager: query.get('fieldManager'),
        create: (obj) => createObject(cluster, type, namespace, obj),
      });
      return { code: result.code, body: result.obj };
    }
    case 'delete':
      return { code: 200, body: deleteObject(cluster, type, namespace, name ?? '', deleteOrphans(query, req.body)) };
    case 'deletecollection': {
      const victims = selectObjects(cluster, type, namespace, query);
      for (const v of victims) {
        if (store.find(type, v.metadata.namespace, v.metadata.name))
          cluster.deleteCascade(type, v.metadata.namespace, v.metadata.name, false);
      }
      return { code: 200, body: listBody(type, victims, store.resourceVersion) };
    }
    default:
      throw methodNotAllowed();
  }
}

function verbOf(method: string, named: boolean): string {
  switch (method) {
    case 'GET':
      return named ? 'get' : 'list';
    case 'POST':
      return named ? 'invalid' : 'create';
    case 'PUT':
      return named ? 'update' : 'invalid';
    case 'PATCH':
      return named ? 'patch' : 'invalid';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return 'invalid';
  }
}

/**
 * The stored objects themselves, not copies: a list is serialized into its response before
 * anything else runs, and a deletecollection reads only their names. Copying every event of a
 * big namespace for each list cost more than the rest of the request.
 */
function selectObjects(
  cluster: EmulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
): Readonly<KubeObject>[] {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  return cluster.store.view(type, namespace, (o) => labels(o.metadata.labels) && fields(o));
}

/** Like the apiserver, list items carry no kind/apiVersion; the list does. */
function listBody(
  type: ResourceType,
  items: KubeObject[],
  resourceVersion: string,
  more: { continue?: string } = {},
): Record<string, unknown> {
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion, ...more },
    items: items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest),
  };
}

/**
 * A list in chunks, as the apiserver pages with `limit` and `continue`: in key order, at most
 * `limit` items, and a token to resume after the last one while more remain. The token is opaque
 * to clients (here the last key, base64url).
 */
function pageOf(type: ResourceType, items: KubeObject[], query: URLSearchParams, resourceVersion: string) {
  const limit = Number(query.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit <= 0) return listBody(type, items, resourceVersion);
  const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  const token = query.get('continue');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
  const rest = items
    .map((obj) => ({ key: keyOf(obj), obj }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter(({ key }) => after === undefined || key > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  const more = rest.length > limit && last ? { continue: Buffer.from(last.key, 'utf8').toString('base64url') } : {};
  const chunk = page.map(({ obj }) => obj);
  return listBody(type, chunk, resourceVersion, more);
}

function createObject(cluster: EmulatedCluster, type: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
  const obj = body as KubeObject;
  if (!obj || typeof obj !== 'object' || !obj.metadata || typeof obj.metadata !== 'object') {
    throw new KubeStatusError('BadRequest', `the body of the request was not a ${type.kind} object with metadata`);
  }
  if (type.namespaced) {
    const ns = namespace ?? '';
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== ns) {
      throw new KubeStatusError(
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = ns;
    if (!cluster.store.find(R.namespaces, undefined, ns)) throw notFound('namespaces', '', ns);
  } else delete obj.metadata.namespace;
  return cluster.store.create(type, admitObject(cluster.store, type, obj));
}

function replaceObject(
  cluster: EmulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  body: unknown,
): KubeObject {
  const obj = body as KubeObject;
  if (!obj || typeof obj !== 'object' || !obj.metadata || typeof obj.metadata !== 'object') {
    throw new KubeStatusError('BadRequest', `the body of the request was not a ${type.kind} object with metadata`);
  }
  if (obj.metadata.name !== name) {
    throw new KubeStatusError(
      'BadRequest',
      `the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`,
    );
  }
  if (type.namespaced) obj.metadata.namespace = namespace ?? '';
  const current = cluster.store.get(type, namespace, name);
  return cluster.store.replace(type, admitObject(cluster.store, type, obj, current));
}

/** Pods are returned as deleted objects (graceful deletion); other types answer with a Success Status. */
function deleteObject(
  cluster: EmulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  orphan: boolean,
): unknown {
  const deleted = cluster.deleteCascade(type, namespace, name, orphan);
  if (type.kind === 'Pod') {
    deleted.metadata.deletionTimestamp = cluster.store.timestamp();
    deleted.metadata.deletionGracePeriodSeconds = 30;
    return deleted;
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: deleted.metadata.uid },
  };
}

function deleteOrphans(query: URLSearchParams, body: string): boolean {
  let policy = query.get('propagationPolicy');
  if (!policy && body.trim()) {
    const options = parseJson(body) as { propagationPolicy?: string; orphanDependents?: boolean } | null;
    if (options?.orphanDependents) return true;
    policy = options?.propagationPolicy ?? null;
  }
  return policy === 'Orphan';
}

function methodNotAllowed(): KubeStatusError {
  return new KubeStatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}
