import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import { ownerOf } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { listAllNotebooks } from './notebook-clusters.js';

/** `/notebook list`: the requester's notebooks on every running gpubot cluster, with URL and state. */
export const listNotebooks: CommandJob = {
  title: () => text('notebook.list.title'),
  steps: [],
  async run(context, deps) {
    const me = ownerOf(context.request.requester);
    const mine = (await listAllNotebooks(deps))
      .filter((located) => located.info.owner === me)
      .sort((a, b) => a.info.name.localeCompare(b.info.name));
    const lines =
      mine.length === 0
        ? [text('notebook.list.empty')]
        : mine.map(({ cluster, info }) =>
            text('notebook.list.line', {
              name: info.name,
              cluster: cluster.name,
              state: info.ready && info.address ? 'running' : (info.podState ?? 'starting'),
              ready: info.ready && Boolean(info.address),
              url: info.address ? `http://${info.address}` : '',
              gpus: info.gpus,
              image: info.image ?? '?',
            }),
          );
    return { private: message('info', lines, { title: text('notebook.list.title') }) };
  },
};
