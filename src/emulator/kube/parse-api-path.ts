import { describeApiGroups, describeCoreVersions, describeResources, findResource, type ResourceType } from './resources.js';
import { KubeStatusError } from './status-error.js';

export type ApiRoute =
  | { kind: 'document'; body: Record<string, unknown> }
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string; subresource?: string };

const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.1-aliyun.1',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-20T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Maps a request path to a discovery document or to a resource (collection, item or subresource). */
export function parseApiPath(pathname: string, serverAddress: string): ApiRoute {
  const parts = pathname
    .split('/')
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  const [root, a, b] = parts;
  if (root === 'version' && parts.length === 1) return { kind: 'document', body: VERSION_INFO };
  if (root === 'api' && parts.length === 1) return { kind: 'document', body: describeCoreVersions(serverAddress) };
  if (root === 'apis' && parts.length === 1) return { kind: 'document', body: describeApiGroups() };
  let group: string;
  let version: string;
  let rest: string[];
  if (root === 'api' && a) [group, version, rest] = ['', a, parts.slice(2)];
  else if (root === 'apis' && a && b) [group, version, rest] = [a, b, parts.slice(3)];
  else throw pageNotFound();
  if (rest.length === 0) {
    const doc = describeResources(group, version);
    if (!doc) throw pageNotFound();
    return { kind: 'document', body: doc };
  }
  const scoped = rest[0] === 'namespaces' && rest.length >= 3 ? findResource(group, version, rest[2] ?? '') : undefined;
  if (scoped?.namespaced) {
    const namespace = rest[1] as string;
    return resourceRoute(scoped, rest.slice(3), namespace);
  }
  const type = findResource(group, version, rest[0] ?? '');
  if (!type) throw pageNotFound();
  if (type.namespaced && rest.length > 1) throw pageNotFound();
  return resourceRoute(type, rest.slice(1), undefined);
}

function resourceRoute(type: ResourceType, tail: string[], namespace: string | undefined): ApiRoute {
  if (tail.length > 2) throw pageNotFound();
  const [name, subresource] = tail;
  const known = subresource === undefined || subresource === 'status' || (type.kind === 'Pod' && subresource === 'exec');
  if (!known) throw pageNotFound();
  return {
    kind: 'resource',
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

function pageNotFound(): KubeStatusError {
  return new KubeStatusError('NotFound', 'the server could not find the requested resource', {});
}
