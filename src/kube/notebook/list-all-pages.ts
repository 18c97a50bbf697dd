import { call } from './map-kube-error.js';

/** Items per page: a big namespace comes in chunks rather than in one answer the apiserver must build whole. */
export const PAGE_LIMIT = 500;

/**
 * Every item of a list the apiserver may answer in pages: follows `metadata.continue` until the
 * last page. `page` makes one list request with the given limit and continue token; each page is
 * one `call` (mapped, and retried alone when it fails transiently).
 */
export async function listAllPages<T>(
  operation: string,
  page: (options: { limit: number; _continue?: string }) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const options = { limit: PAGE_LIMIT, ...(token ? { _continue: token } : {}) };
    const answer = await call(operation, () => page(options));
    items.push(...answer.items);
    token = answer.metadata?._continue || undefined;
  } while (token);
  return items;
}
