import type { V1ObjectMeta } from '@kubernetes/client-node';
import { GpubotError } from '../../errors.js';
import { callOrMissing, mapKubeError, statusOf } from './map-kube-error.js';
import { ANNOTATION_REQUEST } from './notebook-labels.js';

export interface UpsertTarget {
  readonly namespace: string;
  readonly name: string;
  readonly requestId: string;
}

/** Create, or replace what this same request created; anything else holding the name is a conflict. */
export async function upsertObject<T extends { metadata?: V1ObjectMeta }>(
  kind: string,
  target: UpsertTarget,
  read: () => Promise<T>,
  create: () => Promise<unknown>,
  replace: (resourceVersion: string | undefined, current: T) => Promise<unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await callOrMissing(`read ${kind}`, read);
    if (!current) {
      try {
        await create();
        return;
      } catch (error) {
        if (statusOf(error) === 409) continue; // created meanwhile: look again
        throw mapKubeError(`create ${kind}`, error);
      }
    } else {
      if (current.metadata?.annotations?.[ANNOTATION_REQUEST] !== target.requestId) {
        throw new GpubotError('kube.name_taken', `${kind} ${target.namespace}/${target.name} belongs to another request`);
      }
      try {
        await replace(current.metadata?.resourceVersion, current);
        return;
      } catch (error) {
        if (statusOf(error) === 409) continue; // changed meanwhile: read the new version
        throw mapKubeError(`replace ${kind}`, error);
      }
    }
  }
  throw new GpubotError('kube.conflict', `${kind} ${target.namespace}/${target.name} kept changing while it was applied`, {
    retryable: true,
  });
}
