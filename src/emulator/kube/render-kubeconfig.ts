import { stringify } from 'yaml';

/**
 * A kubeconfig like ACK hands out, pointing at the emulator, with one bearer token per cluster.
 * The emulator speaks plain HTTP on loopback, and client-node 1.x refuses an `http:` server unless
 * `insecure-skip-tls-verify` is set, so it is.
 */
export function renderKubeconfig(clusterId: string, server: string, token: string): string {
  const user = `kubernetes-admin-${clusterId}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterId, cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name: clusterId, context: { cluster: clusterId, user } }],
    'current-context': clusterId,
    preferences: {},
    users: [{ name: user, user: { token } }],
  });
}
