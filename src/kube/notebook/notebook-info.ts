import type { V1Deployment, V1ObjectMeta, V1PersistentVolumeClaim, V1Pod, V1Service } from '@kubernetes/client-node';
import { describePod } from './describe-pod.js';
import { ANNOTATION_OWNER, ANNOTATION_REQUEST, NOTEBOOK_CONTAINER } from './notebook-labels.js';
import type { NotebookInfo } from './types.js';

const GPU = 'nvidia.com/gpu';

export function addressOf(service: V1Service | undefined): string | undefined {
  const ingress = service?.status?.loadBalancer?.ingress?.[0];
  return ingress?.ip || ingress?.hostname || undefined;
}

export function portOf(service: V1Service | undefined): number | undefined {
  return service?.spec?.ports?.[0]?.port;
}

/** Whether the Deployment's Jupyter serves HTTPS (its readiness probe says so). */
function servesTls(deployment: V1Deployment | undefined): boolean | undefined {
  const container = deployment?.spec?.template.spec?.containers.find((c) => c.name === NOTEBOOK_CONTAINER);
  const scheme = container?.readinessProbe?.httpGet?.scheme;
  return scheme === undefined ? undefined : scheme === 'HTTPS';
}

export interface NotebookParts {
  readonly deployment?: V1Deployment;
  readonly service?: V1Service;
  readonly pod?: V1Pod;
  readonly claim?: V1PersistentVolumeClaim;
}

/** A notebook as read from whichever of its objects exist. No Deployment but a disk: stopped. */
export function infoFrom(name: string, namespace: string, meta: V1ObjectMeta | undefined, parts: NotebookParts): NotebookInfo {
  const container = parts.deployment?.spec?.template.spec?.containers.find((c) => c.name === NOTEBOOK_CONTAINER);
  const annotations = meta?.annotations ?? {};
  const gpus = Number.parseInt(String(container?.resources?.limits?.[GPU] ?? '0'), 10);
  const address = addressOf(parts.service);
  const port = portOf(parts.service);
  // HTTPS when Jupyter serves it, or when the load balancer does (its listener is on 443).
  const jupyterTls = servesTls(parts.deployment);
  const tls = port === 443 ? true : jupyterTls;
  const owner = annotations[ANNOTATION_OWNER];
  const requestId = annotations[ANNOTATION_REQUEST];
  const createdAt = meta?.creationTimestamp;
  const podState = parts.pod ? (describePod(parts.pod, []).waiting?.reason ?? parts.pod.status?.phase) : undefined;
  const storage = parts.claim?.status?.capacity?.['storage'] ?? parts.claim?.spec?.resources?.requests?.['storage'];
  return {
    name,
    namespace,
    gpus: Number.isFinite(gpus) ? gpus : 0,
    ready: (parts.deployment?.status?.readyReplicas ?? 0) > 0,
    stopped: !parts.deployment && Boolean(parts.claim),
    ...(owner ? { owner } : {}),
    ...(requestId ? { requestId } : {}),
    ...(container?.image ? { image: container.image } : {}),
    ...(createdAt ? { createdAt: new Date(createdAt).toISOString() } : {}),
    ...(address ? { address } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(podState ? { podState } : {}),
    ...(storage !== undefined ? { storage: String(storage) } : {}),
  };
}
