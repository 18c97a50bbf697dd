import type { Command } from '../commands/types.js';
import { text, type Text } from '../i18n/text.js';

/** The immediate answer to an accepted command: what was queued, in the user's words. */
export function describeQueued(command: Command): Text {
  switch (command.kind) {
    case 'cluster.create':
      return text('core.queued.create', {
        count: command.count,
        instanceType: command.instanceType,
        name: command.name ?? '',
        region: command.region ?? '',
      });
    case 'cluster.delete':
      return text('core.queued.delete', { name: command.name });
    case 'cluster.scale':
      return text('scale.queued', { name: command.name, from: command.target?.from ?? '?', count: command.count });
    case 'cluster.list':
      return text('core.queued.list', {});
    case 'cluster.status':
      return text('core.queued.status', { name: command.name ?? '' });
    case 'notebook.start':
      return text('core.queued.notebookStart', { name: command.name ?? '', gpus: command.gpus, cluster: command.cluster ?? '' });
    case 'notebook.stop':
      return text('core.queued.notebookStop', { name: command.name });
    case 'notebook.delete':
      return text('core.queued.notebookDelete', { name: command.name });
    case 'notebook.list':
      return text('core.queued.list', {});
    case 'notebook.password':
      return text('core.queued.notebookPassword', { name: command.name });
    default:
      return text('core.queued.generic', {});
  }
}
