import { actorOf, SYSTEM_ACTOR, type AuditEvent } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import { GpubotError } from '../errors.js';
import type { ChatRequest } from '../queue/request.js';
import type { Checkpoint } from './job-context.js';

/**
 * What the job runner tells the audit trail, from the outside of each job: a job's checkpoint
 * gaining a cluster id is the moment a create reached the cloud, and its outcome says how it
 * ended. Every entry is recorded once per request (`once`), however often the job is retried.
 */
export interface JobAudit {
  checkpointSaved(request: ChatRequest, before: Checkpoint, after: Checkpoint): Promise<void>;
  succeeded(request: ChatRequest, checkpoint: Checkpoint): Promise<void>;
  failed(request: ChatRequest, checkpoint: Checkpoint, error: unknown): Promise<void>;
}

function base(request: ChatRequest): AuditEvent & { action: '' } {
  const command = request.command;
  const target = 'name' in command && typeof command.name === 'string' ? command.name : undefined;
  return {
    action: '',
    // What gpubot did on its own (an expiry) is gpubot's act, on the owner's behalf.
    ...(request.origin ? { actor: SYSTEM_ACTOR, platform: request.requester.platform } : actorOf(request.requester)),
    channel: request.conversation.channelId,
    requestId: request.requestId,
    command: command.kind,
    ...(target ? { target } : {}),
    ...(request.quote ? { pricePerHour: request.quote.perHour } : {}),
  };
}

export function createJobAudit(audit: AuditLog): JobAudit {
  const once = (request: ChatRequest, what: string) => ({ once: `${request.requestId}:${what}` });
  return {
    async checkpointSaved(request, before, after) {
      if (request.command.kind !== 'cluster.create' || before.clusterId || !after.clusterId) return;
      const { count, instanceType, region } = request.command;
      await audit.record(
        {
          ...base(request),
          action: 'cloud.create',
          summary: `${after.clusterId}: ${count} × ${instanceType} in ${region ?? '?'}`,
        },
        once(request, 'cloud.create'),
      );
    },
    async succeeded(request, checkpoint) {
      if (request.command.kind === 'cluster.delete' && checkpoint.clusterId) {
        await audit.record(
          { ...base(request), action: 'cloud.delete', summary: checkpoint.clusterId },
          once(request, 'cloud.delete'),
        );
      }
      await audit.record(
        { ...base(request), action: 'job.succeeded', ...(checkpoint.clusterId ? { summary: checkpoint.clusterId } : {}) },
        {
          ...once(request, 'job.done'),
          quiet: ['cluster.list', 'cluster.status', 'cluster.summary', 'notebook.list'].includes(request.command.kind),
        },
      );
    },
    async failed(request, checkpoint, error) {
      const reason = error instanceof GpubotError ? error.code : 'internal';
      await audit.record(
        { ...base(request), action: 'job.failed', reason, ...(checkpoint.clusterId ? { summary: checkpoint.clusterId } : {}) },
        once(request, 'job.done'),
      );
    },
  };
}
