import type { Queue } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { CoreHandlers, ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import { parseCommand } from '../commands/parse-command.js';
import { helpText } from '../commands/help.js';
import type { Command, QueuedCommand } from '../commands/types.js';
import { isAdmin, mayCreate, mayManage, type Roles } from '../governance/roles.js';
import { text, type Locale, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { message } from '../messages/model.js';
import { DEFAULT_RETENTION, jobRetention, type Retention } from '../queue/retention.js';
import { ownerOf, requestIdFor, type ChatRequest } from '../queue/request.js';
import { admitRequester, type AdmissionDeps } from './admit-requester.js';
import { answerAudit } from './answer-audit.js';
import { attemptedCommand, commandFields, deliveryFields } from './audit-fields.js';
import type { Confirmations } from './confirmations.js';
import type { Preferences } from './preferences.js';
import { describeQueued } from './describe-queued.js';
import type { LifecycleHooks } from '../lifecycle/lifecycle-hooks.js';
import { reply } from './reply.js';
import { acceptSpending, type SpendingDeps } from './accept-spending.js';
import { answerDecision } from './answer-decision.js';

export interface CoreHandlerDeps extends AdmissionDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly commands: Queue;
  readonly preferences: Preferences;
  readonly confirmations: Confirmations;
  readonly log: Logger;
  readonly limits: {
    readonly maxNodesPerCluster: number;
    /** What `region=` accepts; refused at once, before anything is queued, otherwise. */
    readonly regions?: readonly string[];
    readonly clusterSpec?: string;
    /** The longest `ttl=` or extension accepted (GPUBOT_CLUSTER_MAX_TTL). */
    readonly maxClusterTtlMs?: number;
  };
  /** Limits, prices, thresholds and decisions for requests that spend money. */
  readonly spending: SpendingDeps & { readonly approvalMs: number };
  readonly roles: Roles;
  readonly defaultRegion: string;
  /** Whether the receiving platform can show buttons; only then are confirmations asked for. */
  readonly supportsActions: boolean;
  /** How long finished jobs and redelivery marks are kept (default: DEFAULT_RETENTION). */
  readonly retention?: Retention;
  /** The first wait before a transiently failed job runs again (GPUBOT_JOB_RETRY_DELAY_MS; default 5 s). */
  readonly retryDelayMs?: number;
  /** Whether the receiving platform can take a file with a reply (audit `--json`). */
  readonly supportsFiles: boolean;
  /** Registry host patterns a notebook `image=` may name. */
  readonly notebookRegistries?: readonly string[];
  /** Notebooks get internet load balancers open to every address: `/gpu-cluster help` says so. */
  readonly notebooksOpenToAnyone?: boolean;
  /** Cluster expiries: `/gpu-cluster extend` and the buttons of warnings (absent: not offered). */
  readonly lifecycle?: LifecycleHooks;
}

/** Job options for commands: retried with backoff for transient faults, kept (for the retention) so reruns collapse. */
export function commandJobOptions(retention: Retention = DEFAULT_RETENTION, retryDelayMs = 5000) {
  return { attempts: 5, backoff: { type: 'exponential', delay: retryDelayMs }, ...jobRetention(retention) } as const;
}
export const COMMAND_JOB = commandJobOptions();

function familyOf(instanceType: string): string {
  return /^ecs\.([a-z0-9]+)-/.exec(instanceType)?.[1] ?? 'gpu';
}

/** Fills in what the user left out (cluster name, region) so the reply and the job can name them. */
function complete(command: Command, requestId: string, defaultRegion: string): QueuedCommand {
  if (command.kind !== 'cluster.create') return command;
  return {
    ...command,
    name: command.name ?? `${familyOf(command.instanceType)}-${requestId.slice(0, 6)}`,
    region: command.region ?? defaultRegion,
  };
}

/**
 * Destructive commands always ask (creates ask by price: accept-spending.ts). Without buttons the
 * question carries a code to answer with `/gpu-cluster confirm <code>`.
 */
function needsConfirmation(command: Command): Text | undefined {
  if (command.kind === 'cluster.delete') return text('core.confirm.delete', { name: command.name });
  if (command.kind === 'notebook.delete') return text('core.confirm.notebookDelete', { name: command.name });
  return undefined;
}

/** The role a command needs beyond being in scope, as the refusal to give when it is missing. */
function missingRole(command: Command, deps: CoreHandlerDeps, incoming: IncomingCommand): string | undefined {
  const who = incoming.requester;
  if ((command.kind === 'cluster.create' || command.kind === 'notebook.start') && !mayCreate(deps.roles, who)) {
    return 'not_creator';
  }
  if (command.kind === 'cluster.audit' && !isAdmin(deps.roles, who)) return 'not_admin';
  return undefined;
}

const ROLE_MESSAGE: Readonly<Record<string, string>> = {
  not_creator: 'governance.role.notCreator',
  not_admin: 'governance.role.notAdmin',
};

/**
 * The bot side of the core: admit, validate, enqueue, answer at once, and audit each decision. It
 * never calls the cloud, so a platform's ack deadline (Slack: 3 s) holds whatever the cloud is doing.
 */
export function createCoreHandlers(deps: CoreHandlerDeps): CoreHandlers {
  const retention = deps.retention ?? DEFAULT_RETENTION;
  const jobOptions = commandJobOptions(retention, deps.retryDelayMs);
  const deliveryKey = (platform: string, deliveryId: string) => `${deps.prefix}:delivery:${requestIdFor(platform, deliveryId)}`;

  /**
   * Retried deliveries of one command run once. The mark is set only after the work is queued, so
   * a crash in between lets the platform's retry through; the queue's job id collapses any race.
   */
  async function seen(platform: string, deliveryId: string): Promise<boolean> {
    return (await deps.redis.exists(deliveryKey(platform, deliveryId))) === 1;
  }
  /** Whether the delivery was handled already, and its sender's language: independent, so one wait for both. */
  function seenAndLocale(incoming: IncomingCommand | IncomingAction): Promise<[boolean, Locale]> {
    return Promise.all([seen(incoming.requester.platform, incoming.deliveryId), deps.preferences.locale(incoming.requester)]);
  }
  async function markSeen(platform: string, deliveryId: string): Promise<void> {
    await deps.redis.set(deliveryKey(platform, deliveryId), '1', 'PX', retention.completedMs);
  }

  async function enqueue(
    request: ChatRequest,
    incoming: IncomingCommand | IncomingAction,
    action: string,
    lines: Text[] = [],
  ): Promise<ImmediateReply> {
    await deps.commands.add(request.command.kind, request, { ...jobOptions, jobId: request.requestId });
    deps.log.info(
      { requestId: request.requestId, kind: request.command.kind, owner: ownerOf(request.requester) },
      'request queued',
    );
    await deps.audit.record({
      ...deliveryFields(incoming),
      ...commandFields(request.command, request.quote),
      requestId: request.requestId,
      action,
    });
    return reply([describeQueued(request.command), ...lines]);
  }

  return {
    async command(incoming: IncomingCommand) {
      const [again, locale] = await seenAndLocale(incoming);
      if (again) return null;
      const requester = { ...incoming.requester, locale };
      const refused = await admitRequester({ ...incoming, requester }, deps);
      const answer = refused === undefined ? await answerCommand({ ...incoming, requester }) : refused;
      await markSeen(incoming.requester.platform, incoming.deliveryId);
      // A `lang` command answers in the language just chosen.
      return answer && { ...answer, locale: answer.locale ?? requester.locale };
    },

    async action(incoming: IncomingAction) {
      const [again, locale] = await seenAndLocale(incoming);
      if (again) return null;
      const refused = await admitRequester(incoming, deps);
      const answer = refused === undefined ? await answerAction(incoming) : refused;
      await markSeen(incoming.requester.platform, incoming.deliveryId);
      return answer && { ...answer, locale };
    },
  };

  async function refuse(incoming: IncomingCommand | IncomingAction, lines: Text[], reason: string, command?: Command) {
    await deps.audit.record({
      ...deliveryFields(incoming),
      ...(command ? commandFields(command) : {}),
      action: 'command.refused',
      reason,
    });
    return reply(lines, true);
  }

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
    if (!parsed.ok) {
      const tried = attemptedCommand(incoming.text);
      await deps.audit.record({
        ...deliveryFields(incoming),
        ...(tried ? { command: tried } : {}),
        action: 'command.refused',
        reason: 'bad_input',
      });
      return reply([parsed.error, parsed.usage], true);
    }
    const requestId = requestIdFor(incoming.requester.platform, incoming.deliveryId);
    const command = complete(parsed.command, requestId, deps.defaultRegion);
    const role = missingRole(command, deps, incoming);
    if (role) return refuse(incoming, [text(ROLE_MESSAGE[role] as string)], `role.${role}`, command);
    if (command.kind === 'user.answer') {
      return answerAction({
        deliveryId: incoming.deliveryId,
        actionId: command.answer,
        value: command.code,
        requester,
        conversation: incoming.conversation,
      });
    }
    if (command.kind === 'cluster.extend') {
      if (deps.lifecycle) return deps.lifecycle.extend(command, incoming);
      return refuse(incoming, [text('lifecycle.unavailable')], 'lifecycle.off', command);
    }
    if (command.kind === 'notebook.keep' || command.kind === 'cluster.keep') {
      if (deps.lifecycle) return deps.lifecycle.keep(command, incoming);
      const off = command.kind === 'notebook.keep' ? 'lifecycle.idle.off' : 'lifecycle.clusterIdle.off';
      return refuse(incoming, [text(off)], 'lifecycle.off', command);
    }
    const answered = await answerAtOnce(command, incoming);
    if (answered) {
      await deps.audit.record({ ...deliveryFields(incoming), ...commandFields(command), action: 'command.accepted' });
      return answered;
    }
    const request: ChatRequest = { requestId, command, requester, conversation: incoming.conversation, receivedAt: Date.now() };
    const spendingContext = {
      spending: deps.spending,
      audit: deps.audit,
      commands: deps.commands,
      supportsActions: deps.supportsActions,
      enqueue,
    };
    if (command.kind === 'cluster.create' || command.kind === 'notebook.start') {
      return acceptSpending(spendingContext, request, incoming, jobOptions);
    }
    if (command.kind === 'cluster.scale') {
      if (!deps.lifecycle) return refuse(incoming, [text('lifecycle.unavailable')], 'lifecycle.off', command);
      const resolved = await deps.lifecycle.resolveScale(command, incoming);
      if (resolved.kind === 'refused') return resolved.reply;
      const scale = resolved.command;
      const target = scale.target;
      if (!target) throw new Error('a resolved scale names its cluster');
      // Growing costs money: limits, price and decisions as for a create.
      if (scale.count > target.from) return acceptSpending(spendingContext, { ...request, command: scale }, incoming, jobOptions);
      // Shrinking never stops a notebook unless the owner says so: asked when the cluster has any.
      const notebooks = await deps.spending.ledger.clusterNotebooks(target.clusterId);
      const shrink: ChatRequest = { ...request, command: scale };
      if (notebooks === 0) return enqueue(shrink, incoming, 'command.accepted');
      const confirmed: ChatRequest = { ...request, command: { ...scale, target: { ...target, stopNotebooks: true } } };
      const question = text('scale.confirm.shrink', { name: scale.name, from: target.from, count: scale.count, notebooks });
      return askToConfirm(confirmed, question, incoming);
    }
    const question = needsConfirmation(command);
    if (!question) return enqueue(request, incoming, 'command.accepted');
    return askToConfirm(request, question, incoming);
  }

  /** Holds the request until its requester answers: a button, or a code typed where there are none. */
  async function askToConfirm(request: ChatRequest, question: Text, incoming: IncomingCommand): Promise<ImmediateReply> {
    const command = request.command;
    const token = await deps.confirmations.hold(request);
    await deps.audit.record({ ...deliveryFields(incoming), ...commandFields(command), action: 'confirmation.asked' });
    if (!deps.supportsActions) {
      return {
        rejected: false,
        // The code lets whoever holds it confirm (with the requester's rights): it goes to the requester only.
        privateOnly: true,
        message: message('warning', [question, text('core.confirm.byText', { code: token })]),
      };
    }
    return {
      rejected: false,
      message: message('warning', [question], {
        actions: [
          {
            id: 'confirm',
            label: text('core.action.confirm', {}),
            value: token,
            style: 'danger',
            command: `/gpu-cluster confirm ${token}`,
          },
          { id: 'cancel', label: text('core.action.cancel', {}), value: token, command: `/gpu-cluster cancel ${token}` },
        ],
      }),
    };
  }

  /** Commands the bot answers itself, without a job; undefined for the rest. */
  async function answerAtOnce(command: Command, incoming: IncomingCommand): Promise<ImmediateReply | undefined> {
    switch (command.kind) {
      case 'user.language':
        await deps.preferences.setLocale(incoming.requester, command.locale);
        return { ...reply([text('core.language.set', {})]), locale: command.locale };
      case 'cluster.help':
        return reply([...helpText('cluster'), ...exposureNote()]);
      case 'notebook.help':
        return reply([...helpText('notebook'), ...exposureNote()]);
      case 'cluster.audit':
        return answerAudit(command, deps.audit, deps.supportsFiles);
      default:
        return undefined;
    }
  }

  async function answerAction(action: IncomingAction): Promise<ImmediateReply> {
    const lifecycle = await deps.lifecycle?.action(action);
    if (lifecycle?.kind === 'reply') return lifecycle.reply;
    if (lifecycle?.kind === 'command') {
      const requester = { ...action.requester, locale: await deps.preferences.locale(action.requester) };
      const requestId = requestIdFor(action.requester.platform, action.deliveryId);
      const request: ChatRequest = {
        requestId,
        command: lifecycle.command,
        requester,
        conversation: lifecycle.conversation,
        receivedAt: Date.now(),
      };
      return enqueue(request, action, 'command.accepted');
    }
    const pending = await deps.confirmations.peek(action.value);
    if (!pending) {
      const decision = await deps.spending.decisions.get(action.value);
      if (decision) return answerDecision({ ...deps, ...deps.spending }, action, decision);
      return refuse(action, [text('core.confirm.expired', {})], 'confirm.expired');
    }
    if (action.actionId === 'approve' || action.actionId === 'reject') {
      return refuse(action, [text('core.confirm.expired', {})], 'confirm.unknown_action');
    }
    if (!mayManage(deps.roles, action.requester, ownerOf(pending.requester))) {
      const owner = pending.requester.displayName ?? pending.requester.userId;
      return refuse(action, [text('core.confirm.notYours', { owner })], 'confirm.not_yours', pending.command);
    }
    const taken = await deps.confirmations.take(action.value);
    if (!taken) return refuse(action, [text('core.confirm.expired', {})], 'confirm.expired');
    if (action.actionId === 'cancel') {
      await deps.audit.record({
        ...deliveryFields(action),
        ...commandFields(taken.command),
        requestId: taken.requestId,
        action: 'confirmation.cancelled',
      });
      return reply([text('core.confirm.cancelled', {})]);
    }
    if (action.actionId !== 'confirm') return refuse(action, [text('core.confirm.expired', {})], 'confirm.unknown_action');
    return enqueue(taken, action, 'confirmation.confirmed');
  }
}
