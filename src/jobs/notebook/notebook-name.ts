import type { NotebookStart } from '../../commands/types.js';

/**
 * The name the user chose, or `nb-` and six characters of the request id: readable, and the same
 * on every rerun of the request.
 */
export function notebookNameFor(command: NotebookStart, requestId: string): string {
  return command.name ?? `nb-${requestId.slice(0, 6)}`;
}
