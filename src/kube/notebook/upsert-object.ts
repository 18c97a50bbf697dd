import type { V1ObjectMeta } from '@kubernetes/client-node';
import { GpubotError } from '../../errors.js';
import { callOrMissing, mapKubeError, statusOf } from './map-kube-error.js';
import { ANNOTATION_REQUEST } from './notebook-labels.js';

export interface UpsertTarget {
  readonly namespace: string;
  readonly name: string;
  readonly requestId: string;
}

/**
 * Create, or replace what this same request created; anything else holding the name is a conflict.
 * Create first: a start makes new objects, and one request each is half of reading first.
 */
export async function upsertObject<T extends { metadata?: V1ObjectMeta }>(
  kind: string,
  target: UpsertTarget,
  read: () => Promise<T>,
  create: () => Promise<unknown>,
  replace: (resourceVersion: string | undefined, current: T) => Promise<unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await create();
      return;
    } catch (error) {
      if (statusOf(error) !== 409) throw mapKubeError(`create ${kind}`, error);
    }
    const current = await callOrMissing(`read ${kind}`, read);
    if (!current) continue; // deleted meanwhile: create again
    if (current.metadata?.annotations?.[ANNOTATION_REQUEST] !== target.requestId) {
      throw new GpubotError('kube.name_taken', `${kind} ${target.namespace}/${target.name} belongs to another request`);
    }
    try {
      await replace(current.metadata?.resourceVersion, current);
      return;
    } catch (error) {
      if (statusOf(error) !== 409) throw mapKubeError(`replace ${kind}`, error);
      // changed meanwhile: try again with the new version
    }
  }
  throw new GpubotError('kube.conflict', `${kind} ${target.namespace}/${target.name} kept changing while it was applied`, {
    retryable: true,
  });
}
