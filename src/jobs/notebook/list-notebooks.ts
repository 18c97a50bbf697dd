import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import { ownerOf } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { listAllNotebooks } from './notebook-clusters.js';
import type { NotebookDeps } from './notebook-deps.js';
import { formatSize } from './format-size.js';
import { notebookUrl } from './notebook-url.js';

/** `/notebook list`: the requester's notebooks on every running gpubot cluster, running or stopped with their disk. */
export const listNotebooks = (deps: NotebookDeps): CommandJob => ({
  title: () => text('notebook.list.title'),
  steps: [],
  async run(context) {
    const me = ownerOf(context.request.requester);
    const mine = (await listAllNotebooks(deps))
      .filter((located) => located.info.owner === me)
      .sort((a, b) => a.info.name.localeCompare(b.info.name));
    const lines =
      mine.length === 0
        ? [text('notebook.list.empty')]
        : mine.map(({ cluster, info }) =>
            info.stopped
              ? text('notebook.list.stopped', { name: info.name, cluster: cluster.name, size: formatSize(info.storage ?? '?') })
              : text('notebook.list.line', {
                  name: info.name,
                  cluster: cluster.name,
                  state: info.ready && info.address ? 'running' : (info.podState ?? 'starting'),
                  ready: info.ready && Boolean(info.address),
                  url: info.address ? notebookUrl(info.address, info.port, info.tls ?? false) : '',
                  gpus: info.gpus,
                  image: info.image ?? '?',
                }),
          );
    return { private: message('info', lines, { title: text('notebook.list.title') }) };
  },
});
