import type { NotebookConfig } from '../../config/config.js';
import { text, verbatim, type Text } from '../../i18n/text.js';
import { message, type Message, type Tone } from '../../messages/model.js';
import { formatSize } from './format-size.js';
import type { GpuCheck } from './gpu-check.js';

export interface ReadyFacts {
  readonly name: string;
  readonly cluster: string;
  readonly url: string;
  readonly gpus: number;
  readonly image: string;
  readonly owner: string;
  readonly password: string;
  /** SHA-256 fingerprint of the certificate Jupyter serves; absent for plain HTTP. */
  readonly fingerprint?: string;
  readonly reattached: boolean;
  /** The cluster does not enforce NetworkPolicy: say so, and which plugin. */
  readonly unfenced?: 'terway' | 'flannel';
}

/** Internet-facing and open to every address: only the password stands between the notebook and anyone. */
export function exposedToAnyone(settings: NotebookConfig): boolean {
  return settings.lbAddressType === 'internet' && settings.sourceRanges.length === 0;
}

/** The closing messages of a notebook start: the URL in the channel; password and fingerprint only privately. */
export function readyMessages(
  facts: ReadyFacts,
  gpu: GpuCheck,
  settings: NotebookConfig,
): { summary: Text; channel: Message; private: Message } {
  const tone: Tone = gpu.gpus >= facts.gpus ? 'success' : 'warning';
  const plain = facts.url.startsWith('http:');
  // Only these go into message parameters; the password and fingerprint travel as sealed fields.
  const shown = {
    name: facts.name,
    cluster: facts.cluster,
    url: facts.url,
    gpus: facts.gpus,
    image: facts.image,
    owner: facts.owner,
  };
  const notes: Text[] = [
    ...(facts.reattached
      ? [text('notebook.done.reattached', { name: facts.name, size: formatSize(settings.storage.size) })]
      : []),
    text('notebook.done.disk', { name: facts.name, size: formatSize(settings.storage.size) }),
    ...(exposedToAnyone(settings) ? [text('notebook.exposure.open', {})] : []),
    ...(facts.unfenced ? [text('notebook.network.notEnforced', { plugin: facts.unfenced })] : []),
    ...(plain ? [text('notebook.exposure.plainHttp', {})] : []),
  ];
  return {
    summary: text('notebook.done.summary', shown),
    channel: message(tone, [
      text('notebook.done.channel', shown),
      gpu.summary,
      ...(plain ? [text('notebook.exposure.plainHttp', {})] : []),
    ]),
    private: message(
      tone,
      [text('notebook.done.private', { ...shown, selfSigned: Boolean(facts.fingerprint) }), gpu.summary, ...notes],
      {
        title: text('notebook.done.privateTitle', shown),
        fields: [
          { label: text('notebook.field.url'), value: verbatim(facts.url) },
          { label: text('notebook.field.password'), value: verbatim(facts.password) },
          ...(facts.fingerprint ? [{ label: text('notebook.field.fingerprint'), value: verbatim(facts.fingerprint) }] : []),
        ],
      },
    ),
  };
}
