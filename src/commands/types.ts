/** Parsed chat commands: the only shape the rest of the core sees of what a user typed. */
import type { Text } from '../i18n/text.js';

export interface ClusterCreate {
  readonly kind: 'cluster.create';
  readonly count: number;
  /** The explicit ECS instance type, resolved from a family when a family was given. */
  readonly instanceType: string;
  readonly name?: string;
  readonly region?: string;
  readonly zone?: string;
  /** `ttl=`: how long the cluster may live (lifecycle time, ms); the configured default when absent. */
  readonly ttlMs?: number;
}

/**
 * `/gpu-cluster scale <name> <count>`: the cluster's GPU node pool grows or shrinks to `count`
 * workers. The bot fills in what it knows of the cluster (`target`) before it queues the job.
 */
export interface ClusterScale {
  readonly kind: 'cluster.scale';
  readonly name: string;
  readonly count: number;
  readonly target?: ScaleTarget;
}

/** The cluster a scale is about, as gpubot's records know it when the request is accepted. */
export interface ScaleTarget {
  readonly clusterId: string;
  readonly regionId: string;
  readonly instanceType: string;
  /** Workers before the scale. */
  readonly from: number;
  /** The create request that made the cluster: what the cluster holds of the limits is listed under it. */
  readonly createRequestId: string;
  /** The owner confirmed that notebooks on nodes that must go are stopped first. */
  readonly stopNotebooks?: boolean;
}

/** `/gpu-cluster extend <name> <duration>`: the cluster's expiry moves later by `byMs`. */
export interface ClusterExtend {
  readonly kind: 'cluster.extend';
  readonly name: string;
  readonly byMs: number;
}

/** `/gpu-cluster keep <name>`: an idle cluster keeps running (what its warning's "Keep running" button does). */
export interface ClusterKeep {
  readonly kind: 'cluster.keep';
  readonly name: string;
}

/** A create with what the user left out filled in by the bot: the form every job receives. */
export interface ResolvedClusterCreate extends ClusterCreate {
  readonly name: string;
  readonly region: string;
}

export type ClusterCommand =
  | ClusterCreate
  | { readonly kind: 'cluster.list' }
  | { readonly kind: 'cluster.status'; readonly name?: string }
  /** Queued by gpubot, never typed: the owner's daily summary, in their time zone, for their local `day`. */
  | { readonly kind: 'cluster.summary'; readonly timeZone: string; readonly day: string }
  /** `clusterId` pins the cluster (an expiry, a "Delete now" button): a name alone may by then be another cluster's. */
  | { readonly kind: 'cluster.delete'; readonly name: string; readonly clusterId?: string }
  | ClusterScale
  | ClusterExtend
  | ClusterKeep
  | ClusterAudit
  | { readonly kind: 'cluster.help' };

/** `/gpu-cluster audit [<name>|<user>] [--json]`: recent audit entries (admins only). */
export interface ClusterAudit {
  readonly kind: 'cluster.audit';
  /** A cluster or notebook name, or a user (`slack:U…`, a user id, a display name). */
  readonly filter?: string;
  /** Export as a JSON file instead of a page of lines. */
  readonly json: boolean;
}

export interface NotebookStart {
  readonly kind: 'notebook.start';
  readonly cluster?: string;
  readonly gpus: number;
  readonly image?: string;
  readonly name?: string;
}

/** `/notebook keep <name>`: an idle notebook keeps running (what its warning's "Keep running" button does). */
export interface NotebookKeep {
  readonly kind: 'notebook.keep';
  readonly name: string;
}

export type NotebookCommand =
  | NotebookStart
  | { readonly kind: 'notebook.list' }
  | { readonly kind: 'notebook.stop'; readonly name: string }
  | NotebookKeep
  | { readonly kind: 'notebook.delete'; readonly name: string }
  | { readonly kind: 'notebook.password'; readonly name: string }
  | { readonly kind: 'notebook.help' };

export type Command = ClusterCommand | NotebookCommand | PreferenceCommand;
export type CommandKind = Command['kind'];

/** A command as it is queued for a worker: a create always carries its name and region. */
export type QueuedCommand = Exclude<Command, ClusterCreate> | ResolvedClusterCreate;

/** `/gpu-cluster lang zh-CN` or `/notebook lang en`: the requester's preferred language. */
export type PreferenceCommand =
  | { readonly kind: 'user.language'; readonly locale: 'en' | 'zh-CN' }
  /** `/gpu-cluster confirm|cancel|approve|reject <code>`: answers a question where there are no buttons. */
  | { readonly kind: 'user.answer'; readonly answer: AnswerWord; readonly code: string };

/** The answers a question (a confirmation, an approval) takes, as buttons or typed commands. */
export type AnswerWord = 'confirm' | 'cancel' | 'approve' | 'reject';

/** What the parser needs from configuration (the default limit lives in config, not here). */
export interface ParseOptions {
  readonly maxNodesPerCluster: number;
  /** What `region=` accepts (GPUBOT_REGIONS); any well-formed region id when absent. */
  readonly regions?: readonly string[];
  /** The ACK edition of new clusters: with ACK Basic (`ack.standard`) the node limit is Basic's own. */
  readonly clusterSpec?: string;
  /** Registry host patterns `image=` may name; the documented defaults when absent. */
  readonly notebookRegistries?: readonly string[];
  /** The longest `ttl=` / extension accepted (GPUBOT_CLUSTER_MAX_TTL); unchecked when absent. */
  readonly maxClusterTtlMs?: number;
}

/**
 * The parser never throws on user input: either a command, or an error saying what was wrong and
 * what would be right, plus the usage of the sub-command concerned.
 */
export type ParseResult =
  { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: Text; readonly usage: Text };
