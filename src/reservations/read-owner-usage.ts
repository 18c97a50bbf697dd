import type { Reservations } from './reservations.js';
import { parseResource, type ResourceKind } from './resources.js';

export interface OwnerUsage {
  /** `<platform>:<user id>`. */
  readonly owner: string;
  readonly resource: 'clusters' | 'gpus' | 'notebooks';
  readonly used: number;
}

const KINDS: readonly [ResourceKind, OwnerUsage['resource']][] = [
  ['user-clusters', 'clusters'],
  ['user-gpus', 'gpus'],
  ['user-notebooks', 'notebooks'],
];

/** What each owner holds now in the reservations ledger: live clusters, their GPUs, notebooks. Owners at 0 are left out. */
export async function readOwnerUsage(reservations: Reservations): Promise<OwnerUsage[]> {
  const usage: OwnerUsage[] = [];
  for (const [kind, resource] of KINDS) {
    for (const name of await reservations.resources(kind)) {
      const { used } = await reservations.usage(name);
      const owner = parseResource(name)?.scope;
      if (owner && used > 0) usage.push({ owner, resource, used });
    }
  }
  return usage;
}
