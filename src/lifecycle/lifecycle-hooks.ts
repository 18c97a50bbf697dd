import type { ConversationRef, ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import type { ClusterExtend, ClusterKeep, ClusterScale, NotebookKeep, QueuedCommand } from '../commands/types.js';
import type { ScaleResolution } from './resolve-scale.js';

/** A lifecycle button's answer: a reply now, or a command to queue like any other (in `conversation`). */
export type LifecycleActionAnswer =
  | { readonly kind: 'reply'; readonly reply: ImmediateReply }
  | { readonly kind: 'command'; readonly command: QueuedCommand; readonly conversation: ConversationRef };

/** What the bot's core hands to the lifecycle: extensions, typed or pressed, and the other lifecycle buttons. */
export interface LifecycleHooks {
  /** `/gpu-cluster extend <name> <duration>`: answered at once, and audited. */
  extend(command: ClusterExtend, incoming: IncomingCommand): Promise<ImmediateReply>;
  /** `/notebook keep <name>`, `/gpu-cluster keep <name>`: an idle one keeps running; answered at once, and audited. */
  keep(command: NotebookKeep | ClusterKeep, incoming: IncomingCommand): Promise<ImmediateReply>;
  /** A press on a lifecycle button ("Extend 2h", "Delete now"...); undefined when the button is not one. */
  action(incoming: IncomingAction): Promise<LifecycleActionAnswer | undefined>;
  /** `/gpu-cluster scale`: the cluster it names, as gpubot's records know it, or the refusal (not found, not yours…). */
  resolveScale(command: ClusterScale, incoming: IncomingCommand): Promise<ScaleResolution>;
}
