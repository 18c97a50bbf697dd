import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from './clock.js';
import { randomSuffix } from './random-names.js';
import type { ResourceType } from './resources.js';
import { alreadyExists, conflict, invalid, notFound } from './status-error.js';
import type { KubeObject } from './types.js';

/**
 * The etcd of one emulated cluster: objects by resource type, one monotonic resourceVersion counter,
 * and the metadata the apiserver maintains (uid, resourceVersion, generation, creationTimestamp).
 * Everything goes in and comes out as a deep copy, so callers can never change stored state by accident.
 */
export class ObjectStore {
  private readonly byType = new Map<string, Map<string, KubeObject>>();
  /** Every stored uid: the garbage collector asks whether an owner exists on every pass. */
  private readonly allUids = new Set<string>();
  private revision = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly onChange: () => void,
  ) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  create(type: ResourceType, input: KubeObject): KubeObject {
    const obj = structuredClone(input);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) throw invalid(type.kind, type.group, '', 'metadata.name', 'Required value: name or generateName is required');
    validateName(type, meta.name);
    const table = this.table(type);
    const key = keyOf(meta.namespace, meta.name);
    if (table.has(key)) throw alreadyExists(type.plural, type.group, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamp();
    meta.generation = 1;
    meta.resourceVersion = this.bump();
    delete meta.deletionTimestamp;
    table.set(key, obj);
    this.allUids.add(meta.uid);
    this.onChange();
    return structuredClone(obj);
  }

  find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.table(type).get(keyOf(namespace, name));
    return obj ? structuredClone(obj) : undefined;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.find(type, namespace, name);
    if (!obj) throw notFound(type.plural, type.group, name);
    return obj;
  }

  /**
   * Objects of a type, in creation order; all namespaces when `namespace` is undefined. Only those
   * `where` accepts are copied: controllers filter on every reconcile pass, and copying every
   * object to keep a few made the emulator quadratic. `where` sees the stored object: read only.
   */
  list(type: ResourceType, namespace?: string, where?: (obj: Readonly<KubeObject>) => boolean): KubeObject[] {
    return this.view(type, namespace, where).map((obj) => structuredClone(obj));
  }

  /**
   * The stored objects of a type themselves, for controllers that only read them on every pass:
   * stored objects are replaced on write, never changed in place, so each stays a consistent
   * snapshot. Never change what this returns (copy what you keep or write back).
   */
  view(type: ResourceType, namespace?: string, where?: (obj: Readonly<KubeObject>) => boolean): Readonly<KubeObject>[] {
    const out: Readonly<KubeObject>[] = [];
    for (const obj of this.table(type).values()) {
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      if (!where || where(obj)) out.push(obj);
    }
    return out;
  }

  /** A controller's status write: nothing is copied or written when the status is unchanged. */
  writeStatus(type: ResourceType, namespace: string | undefined, name: string, status: unknown): void {
    const current = this.table(type).get(keyOf(namespace, name));
    if (!current || JSON.stringify(current['status']) === JSON.stringify(status)) return;
    this.write(type, current, { ...structuredClone(current), status: structuredClone(status) });
  }

  /** The uids of the stored objects of one type, without copying them. */
  uids(type: ResourceType): Set<string> {
    const out = new Set<string>();
    for (const obj of this.table(type).values()) if (obj.metadata.uid) out.add(obj.metadata.uid);
    return out;
  }

  /** Whether any stored object has this uid. */
  hasUid(uid: string): boolean {
    return this.allUids.has(uid);
  }

  /** PUT semantics: a stale resourceVersion in the input is a Conflict; identity fields are kept. */
  replace(type: ResourceType, input: KubeObject): KubeObject {
    const meta = input.metadata;
    const current = this.table(type).get(keyOf(meta.namespace, meta.name));
    if (!current) throw notFound(type.plural, type.group, meta.name);
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, meta.name);
    }
    return this.write(type, current, structuredClone(input));
  }

  /** Internal update by controllers: no resourceVersion check, and no write at all when nothing changed. */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (obj: KubeObject) => void,
  ): KubeObject | undefined {
    const current = this.table(type).get(keyOf(namespace, name));
    if (!current) return undefined;
    const next = structuredClone(current);
    change(next);
    if (JSON.stringify(next) === JSON.stringify(current)) return structuredClone(current);
    return this.write(type, current, next);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const table = this.table(type);
    const key = keyOf(namespace, name);
    const obj = table.get(key);
    if (!obj) throw notFound(type.plural, type.group, name);
    table.delete(key);
    if (obj.metadata.uid) this.allUids.delete(obj.metadata.uid);
    this.bump();
    this.onChange();
    return structuredClone(obj);
  }

  /** Every stored object with its type, for snapshots and garbage collection. */
  entries(): { plural: string; obj: KubeObject }[] {
    const out: { plural: string; obj: KubeObject }[] = [];
    for (const [plural, table] of this.byType) {
      for (const obj of table.values()) out.push({ plural, obj: structuredClone(obj) });
    }
    return out;
  }

  timestamp(): string {
    return this.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private write(type: ResourceType, current: KubeObject, next: KubeObject): KubeObject {
    const meta = next.metadata;
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    meta.name = current.metadata.name;
    if (current.metadata.namespace !== undefined) meta.namespace = current.metadata.namespace;
    else delete meta.namespace;
    meta.generation = (current.metadata.generation ?? 1) + (specChanged(current, next) ? 1 : 0);
    meta.resourceVersion = this.bump();
    this.table(type).set(keyOf(meta.namespace, meta.name), next);
    this.onChange();
    return structuredClone(next);
  }

  private bump(): string {
    this.revision += 1;
    return String(this.revision);
  }

  private table(type: ResourceType): Map<string, KubeObject> {
    let table = this.byType.get(type.plural);
    if (!table) {
      table = new Map();
      this.byType.set(type.plural, table);
    }
    return table;
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Generation counts changes to the desired state: anything but metadata and status. */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const { metadata: _m, status: _s, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(a) !== strip(b);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateName(type: ResourceType, name: string): void {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw invalid(
      type.kind,
      type.group,
      name,
      'metadata.name',
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
}
