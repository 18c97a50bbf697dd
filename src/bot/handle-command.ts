import type { Queue } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { CoreHandlers, ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import { parseCommand } from '../commands/parse-command.js';
import { helpText } from '../commands/help.js';
import type { Command } from '../commands/types.js';
import { text, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { message } from '../messages/model.js';
import { KEEP_COMPLETED, KEEP_FAILED } from '../queue/queues.js';
import { ownerOf, requestIdFor, type ChatRequest } from '../queue/request.js';
import type { Confirmations } from './confirmations.js';
import type { Preferences } from './preferences.js';
import { describeQueued } from './describe-queued.js';
import { isAdmin } from './is-admin.js';

export interface CoreHandlerDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly commands: Queue;
  readonly preferences: Preferences;
  readonly confirmations: Confirmations;
  readonly log: Logger;
  readonly limits: {
    readonly maxNodesPerCluster: number;
    readonly confirmCreateAboveNodes: number;
    /** What `region=` accepts; refused at once, before anything is queued, otherwise. */
    readonly regions?: readonly string[];
    readonly clusterSpec?: string;
  };
  readonly admins: readonly string[];
  readonly defaultRegion: string;
  /** Whether the receiving platform can show buttons; only then are confirmations asked for. */
  readonly supportsActions: boolean;
  /** Registry host patterns a notebook `image=` may name. */
  readonly notebookRegistries?: readonly string[];
  /** Notebooks get internet load balancers open to every address: `/gpu-cluster help` says so. */
  readonly notebooksOpenToAnyone?: boolean;
}

/** Job options for commands: retried with backoff for transient faults, kept so reruns collapse. */
export const COMMAND_JOB = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
} as const;

const DEDUPE_TTL_S = 7 * 24 * 3600;

const reply = (
  lines: Text[],
  rejected = false,
  tone: 'info' | 'error' | 'warning' = rejected ? 'error' : 'info',
): ImmediateReply => ({
  message: message(tone, lines),
  rejected,
});

function familyOf(instanceType: string): string {
  return /^ecs\.([a-z0-9]+)-/.exec(instanceType)?.[1] ?? 'gpu';
}

/** Fills in what the user left out (cluster name, region) so the reply can name them. */
function complete(command: Command, requestId: string, defaultRegion: string): Command {
  if (command.kind !== 'cluster.create') return command;
  return {
    ...command,
    name: command.name ?? `${familyOf(command.instanceType)}-${requestId.slice(0, 6)}`,
    region: command.region ?? defaultRegion,
  };
}

/**
 * Destructive commands always ask; large (costly) creates ask where the platform has buttons.
 * Without buttons the question carries a code to answer with `/gpu-cluster confirm <code>`.
 */
function needsConfirmation(command: Command, deps: CoreHandlerDeps): Text | undefined {
  if (command.kind === 'cluster.delete') return text('core.confirm.delete', { name: command.name });
  if (command.kind === 'notebook.delete') return text('core.confirm.notebookDelete', { name: command.name });
  if (deps.supportsActions && command.kind === 'cluster.create' && command.count > deps.limits.confirmCreateAboveNodes) {
    return text('core.confirm.create', {
      count: command.count,
      instanceType: command.instanceType,
      limit: deps.limits.confirmCreateAboveNodes,
    });
  }
  return undefined;
}

/**
 * The bot side of the core: validate, enqueue, answer at once. It never calls the cloud, so a
 * platform's ack deadline (Slack: 3 s) holds whatever the cloud is doing.
 */
export function createCoreHandlers(deps: CoreHandlerDeps): CoreHandlers {
  const deliveryKey = (platform: string, deliveryId: string) => `${deps.prefix}:delivery:${requestIdFor(platform, deliveryId)}`;

  /**
   * Retried deliveries of one command run once. The mark is set only after the work is queued, so
   * a crash in between lets the platform's retry through; the queue's job id collapses any race.
   */
  async function seen(platform: string, deliveryId: string): Promise<boolean> {
    return (await deps.redis.exists(deliveryKey(platform, deliveryId))) === 1;
  }
  async function markSeen(platform: string, deliveryId: string): Promise<void> {
    await deps.redis.set(deliveryKey(platform, deliveryId), '1', 'EX', DEDUPE_TTL_S);
  }

  async function enqueue(request: ChatRequest): Promise<ImmediateReply> {
    await deps.commands.add(request.command.kind, request, { ...COMMAND_JOB, jobId: request.requestId });
    deps.log.info(
      { requestId: request.requestId, kind: request.command.kind, owner: ownerOf(request.requester) },
      'request queued',
    );
    return reply([describeQueued(request.command)]);
  }

  return {
    async command(incoming: IncomingCommand) {
      if (await seen(incoming.requester.platform, incoming.deliveryId)) return null;
      const requester = { ...incoming.requester, locale: await deps.preferences.locale(incoming.requester) };
      const answer = await answerCommand({ ...incoming, requester });
      await markSeen(incoming.requester.platform, incoming.deliveryId);
      // A `lang` command answers in the language just chosen.
      return { ...answer, locale: answer.locale ?? requester.locale };
    },

    async action(incoming: IncomingAction) {
      if (await seen(incoming.requester.platform, incoming.deliveryId)) return null;
      const locale = await deps.preferences.locale(incoming.requester);
      const answer = await answerAction(incoming);
      await markSeen(incoming.requester.platform, incoming.deliveryId);
      return { ...answer, locale };
    },
  };

  function exposureNote(): Text[] {
    return deps.notebooksOpenToAnyone ? [text('notebook.exposure.open', {})] : [];
  }

  /** `incoming.requester.locale` is already the requester's preferred language. */
  async function answerCommand(incoming: IncomingCommand): Promise<ImmediateReply> {
    const requester = incoming.requester;
    const parsed = parseCommand(incoming.text, {
      ...deps.limits,
      ...(deps.notebookRegistries ? { notebookRegistries: deps.notebookRegistries } : {}),
    });
    if (!parsed.ok) return reply([parsed.error, parsed.usage], true);
    const requestId = requestIdFor(incoming.requester.platform, incoming.deliveryId);
    const command = complete(parsed.command, requestId, deps.defaultRegion);
    switch (command.kind) {
      case 'user.language':
        await deps.preferences.setLocale(requester, command.locale);
        return { ...reply([text('core.language.set', {})]), locale: command.locale };
      case 'cluster.help':
        return reply([...helpText('cluster'), ...exposureNote()]);
      case 'notebook.help':
        return reply([...helpText('notebook'), ...exposureNote()]);
      case 'user.answer':
        return answerAction({
          deliveryId: incoming.deliveryId,
          actionId: command.answer,
          value: command.code,
          requester,
          conversation: incoming.conversation,
        });
      default:
        break;
    }
    const request: ChatRequest = { requestId, command, requester, conversation: incoming.conversation, receivedAt: Date.now() };
    const question = needsConfirmation(command, deps);
    if (!question) return enqueue(request);
    const token = await deps.confirmations.hold(request);
    if (!deps.supportsActions) {
      return { rejected: false, message: message('warning', [question, text('core.confirm.byText', { code: token })]) };
    }
    return {
      rejected: false,
      message: message('warning', [question], {
        actions: [
          { id: 'confirm', label: text('core.action.confirm', {}), value: token, style: 'danger' },
          { id: 'cancel', label: text('core.action.cancel', {}), value: token },
        ],
      }),
    };
  }

  async function answerAction(action: IncomingAction): Promise<ImmediateReply> {
    const pending = await deps.confirmations.peek(action.value);
    if (!pending) return reply([text('core.confirm.expired', {})], true);
    const presser = ownerOf(action.requester);
    if (presser !== ownerOf(pending.requester) && !isAdmin(deps.admins, action.requester)) {
      return reply([text('core.confirm.notYours', { owner: pending.requester.displayName ?? pending.requester.userId })], true);
    }
    const taken = await deps.confirmations.take(action.value);
    if (!taken) return reply([text('core.confirm.expired', {})], true);
    if (action.actionId === 'cancel') return reply([text('core.confirm.cancelled', {})]);
    if (action.actionId !== 'confirm') return reply([text('core.confirm.expired', {})], true);
    return enqueue(taken);
  }
}
