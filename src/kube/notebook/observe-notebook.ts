import type { CoreV1Event, V1Pod, V1Service } from '@kubernetes/client-node';
import { describePod } from './describe-pod.js';
import { describeServiceWarnings } from './describe-service-warnings.js';
import { addressOf, portOf } from './notebook-info.js';
import { LABEL_NOTEBOOK } from './notebook-labels.js';
import type { NotebookObservation } from './types.js';

/** Which Events a look needs: those of an object by name (and, for the Service, by kind). */
export interface EventQuery {
  readonly name: string;
  readonly kind?: string;
}

/** The field selector the apiserver filters an EventQuery with. */
export function eventFieldSelector(query: EventQuery): string {
  const name = `involvedObject.name=${query.name}`;
  return query.kind === undefined ? name : `involvedObject.kind=${query.kind},${name}`;
}

/** The same filter as `eventFieldSelector`, over Events already read. */
export function eventMatches(event: CoreV1Event, query: EventQuery): boolean {
  return (
    (event.involvedObject.name ?? '') === query.name && (query.kind === undefined || event.involvedObject.kind === query.kind)
  );
}

/** Where one look at a notebook reads from: the API server itself, or a namespace-wide snapshot of it. */
export interface NotebookReads {
  /** The notebook's pods (its label selector). */
  pods(): Promise<readonly V1Pod[]>;
  /** Its Service, or undefined when it has none. */
  service(): Promise<V1Service | undefined>;
  events(query: EventQuery): Promise<readonly CoreV1Event[]>;
}

/**
 * One look at a starting notebook: its pod (not one being deleted) with its Events, and its
 * Service's address and port or, without an address, the Service's Warning events.
 */
export async function observeNotebook(reads: NotebookReads): Promise<NotebookObservation> {
  const [pods, service] = await Promise.all([reads.pods(), reads.service()]);
  const pod = pods.find((p) => !p.metadata?.deletionTimestamp);
  const address = addressOf(service);
  const port = portOf(service);
  // Without an address, the cloud controller's Warning events on the Service say why.
  const serviceWarnings =
    service && !address
      ? describeServiceWarnings(
          await reads.events({ kind: 'Service', name: service.metadata?.name ?? '' }),
          service.metadata?.uid,
        )
      : [];
  const served = {
    ...(address ? { address } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(serviceWarnings.length > 0 ? { serviceWarnings } : {}),
  };
  if (!pod?.metadata?.name) return served;
  return { pod: describePod(pod, await reads.events({ name: pod.metadata.name })), ...served };
}

/** One namespace-wide read: every notebook pod and Service and every Event in the namespace. */
export interface NamespaceSnapshot {
  readonly pods: readonly V1Pod[];
  readonly services: readonly V1Service[];
  readonly events: readonly CoreV1Event[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Answers each notebook's reads from one snapshot, with the same selection the API server makes
 * for the single look: pods by the notebook's label, the Service by name, Events by the filter of
 * their field selector (in the order the lists came, which is the apiserver's key order).
 */
export function snapshotReads(snapshot: NamespaceSnapshot): (name: string) => NotebookReads {
  const pods = groupBy(snapshot.pods, (pod) => pod.metadata?.labels?.[LABEL_NOTEBOOK] ?? '');
  const services = groupBy(snapshot.services, (service) => service.metadata?.name ?? '');
  const events = groupBy(snapshot.events, (event) => event.involvedObject.name ?? '');
  return (name) => ({
    pods: () => Promise.resolve(pods.get(name) ?? []),
    service: () => Promise.resolve(services.get(name)?.[0]),
    events: (query) => Promise.resolve((events.get(query.name) ?? []).filter((event) => eventMatches(event, query))),
  });
}
