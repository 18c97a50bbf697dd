import type { Queue } from 'bullmq';
import { commandJobOptions } from '../bot/handle-command.js';
import type { TimeOfDay } from '../config/lifecycle-config.js';
import type { Logger } from '../log.js';
import type { Retention } from '../queue/retention.js';
import type { ChatRequest } from '../queue/request.js';
import type { ClusterRecords } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import { jobIds, lifecycleJobOptions } from './lifecycle-jobs.js';
import type { People } from './people.js';
import type { NotYet } from './run-lifecycle-worker.js';
import type { SummaryOwner, SummaryOwners } from './summary-owners.js';
import { localDate, nextTimeOfDay } from './time-of-day.js';

export interface DailySummaryDeps {
  readonly owners: SummaryOwners;
  readonly records: Pick<ClusterRecords, 'all'>;
  readonly clock: LifecycleClock;
  readonly people: People;
  /** The lifecycle queue: each enrolled owner has one delayed job there, due at their next summary time. */
  readonly queue: Queue;
  /** The command queue: the summary itself is a job there, which reads clusters, notebooks and spend. */
  readonly commands: Queue;
  /** How many notebooks the owner holds now (the reservations ledger). */
  readonly notebookCount: (owner: string) => Promise<number>;
  readonly retention: Retention;
  /** GPUBOT_SUMMARY_AT; without it nothing is scheduled. */
  readonly at?: TimeOfDay;
  readonly log: Logger;
}

export interface DailySummaries {
  /** The owner gets summaries from now on (idempotent: their pending summary job stays as it is). */
  enroll(owner: SummaryOwner): Promise<void>;
  /** The owner's summary is due: queue it, once per day, and wait for the next day; nothing running ends it. */
  run(owner: string): Promise<NotYet | undefined>;
  /** Every enrolled owner's summary job is pending (re-added when lost). */
  ensureAll(): Promise<void>;
}

/** The id of a day's summary job: one per owner and local date, however often the timer fires. */
export const summaryRequestId = (owner: string, day: string): string => `${jobIds.summary(owner)}-${day}`;

/**
 * Daily summaries: each owner of running clusters or notebooks gets one private message a day at
 * GPUBOT_SUMMARY_AT on their own clock (their platform's time zone, else GPUBOT_DEFAULT_TIMEZONE).
 * The timer is a delayed BullMQ job per owner, re-delayed to the next day after each summary, so
 * it survives restarts and runs once however many workers there are.
 */
export function createDailySummaries(deps: DailySummaryDeps): DailySummaries {
  const options = lifecycleJobOptions(deps.retention);
  const at = deps.at;

  async function nextDue(person: SummaryOwner): Promise<number> {
    const { timeZone } = await deps.people(person.requester);
    return nextTimeOfDay(deps.clock.now(), timeZone, at ?? { hour: 0, minute: 0 });
  }

  async function addTimer(person: SummaryOwner): Promise<void> {
    await deps.queue.add(
      'owner-summary',
      { kind: 'owner-summary', owner: person.owner },
      { ...options, jobId: jobIds.summary(person.owner), delay: deps.clock.realDelayUntil(await nextDue(person)) },
    );
  }

  async function hasRunning(owner: string): Promise<boolean> {
    const records = await deps.records.all();
    return records.some((record) => record.owner === owner) || (await deps.notebookCount(owner)) > 0;
  }

  return {
    async enroll(person) {
      if (!at) return;
      await deps.owners.enroll(person);
      // Same id while one is pending: a no-op, so the next summary stays when it was.
      await addTimer(person);
    },
    async run(owner) {
      const person = await deps.owners.get(owner);
      if (!person || !at) return undefined;
      if (!(await hasRunning(owner))) {
        await deps.owners.drop(owner);
        deps.log.info({ owner }, 'nothing running: no summary, and none until something starts');
        return undefined;
      }
      const view = await deps.people(person.requester);
      const now = deps.clock.now();
      const day = localDate(now, view.timeZone);
      const request: ChatRequest = {
        requestId: summaryRequestId(owner, day),
        command: { kind: 'cluster.summary', timeZone: view.timeZone, day },
        requester: view.requester,
        conversation: person.conversation,
        receivedAt: Date.now(),
        origin: 'summary',
      };
      await deps.commands.add(request.command.kind, request, { ...commandJobOptions(deps.retention), jobId: request.requestId });
      deps.log.info({ owner, day }, 'daily summary queued');
      return { at: nextTimeOfDay(now, view.timeZone, at) };
    },
    async ensureAll() {
      if (!at) return;
      for (const person of await deps.owners.all()) {
        const job = await deps.queue.getJob(jobIds.summary(person.owner));
        const state = job ? await job.getState() : 'unknown';
        if (state === 'failed' || state === 'completed' || state === 'unknown') {
          await job?.remove();
          await addTimer(person);
        }
      }
    },
  };
}
