import { UserFacingError } from '../../errors.js';
import { mayManage } from '../../governance/roles.js';
import { text } from '../../i18n/text.js';
import { ownerOf, type ChatRequest } from '../../queue/request.js';
import type { NotebookDeps } from './notebook-deps.js';
import { listAllNotebooks, locateNotebook, type LocatedNotebook } from './notebook-clusters.js';

/**
 * The named notebook, if the requester owns it or is an admin. Otherwise a clear refusal: not
 * found (with the requester's own notebook names), or someone else's.
 */
export async function ownedNotebook(deps: NotebookDeps, request: ChatRequest, name: string): Promise<LocatedNotebook> {
  const me = ownerOf(request.requester);
  const located = await locateNotebook(deps, name);
  if (!located) {
    const mine = (await listAllNotebooks(deps)).filter((n) => n.info.owner === me).map((n) => n.info.name);
    throw new UserFacingError('notebook.not_found', text('notebook.error.notFound', { name, names: mine.join(', ') || '-' }));
  }
  const owner = located.info.owner ?? '?';
  if (!mayManage(deps.roles, request.requester, located.info.owner)) {
    throw new UserFacingError(
      'notebook.not_owner',
      text('notebook.error.notOwner', { name, owner: owner.replace(/^[a-z]+:/, '') }),
    );
  }
  return located;
}
