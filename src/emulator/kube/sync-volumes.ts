import type { ClusterContext } from './cluster-context.js';
import { DISK_PROVISIONER } from './cluster-fixtures.js';
import { parseQuantity } from './parse-quantity.js';
import { randomSuffix } from './random-names.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

/** Set by the scheduler on a WaitForFirstConsumer claim: the node whose zone the disk goes to. */
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const PROVISIONER = { component: `${DISK_PROVISIONER}_csi-provisioner` };
const BINDER = { component: 'persistentvolume-controller' };
/** Creating a cloud disk takes seconds. */
const PROVISION_SECONDS = 10;
const MIN_DISK_BYTES = 20 * 1024 ** 3;

interface ClaimSpec {
  storageClassName?: string;
  volumeName?: string;
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
}

const zoneOf = (node: KubeObject | undefined) => node?.metadata.labels?.['topology.kubernetes.io/zone'];

/**
 * The PersistentVolume controller with ACK's disk CSI provisioner: a claim gets a cloud disk
 * (a PersistentVolume pinned to one zone) in the zone of the node its pod was scheduled to
 * (WaitForFirstConsumer) or of the first ready node (Immediate), and is bound to it. When a
 * claim is deleted, its volume goes too (reclaim policy Delete) or is Released (Retain).
 */
export class VolumeController {
  private readonly provisioning = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(private readonly ctx: ClusterContext) {}

  sync(): void {
    for (const claim of this.ctx.store.view(R.claims)) this.provision(claim);
    this.reclaim();
  }

  private provision(claim: KubeObject): void {
    const spec = claim['spec'] as ClaimSpec;
    const uid = claim.metadata.uid ?? '';
    if (spec.volumeName || this.provisioning.has(uid)) return;
    const storageClass = this.ctx.store.find(R.storageclasses, undefined, spec.storageClassName ?? '');
    if (!storageClass) {
      this.reportOnce(
        claim,
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${spec.storageClassName ?? ''}" not found`,
        BINDER,
      );
      return;
    }
    const size = spec.resources?.requests?.storage ?? '0';
    const zone = this.zoneFor(claim, storageClass);
    if (!zone) return; // waiting for its first consumer to be scheduled
    if (parseQuantity(size) < MIN_DISK_BYTES) {
      this.reportOnce(
        claim,
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${storageClass.metadata.name}": rpc error: code = Internal desc = disk size is not supported: ${size} is below the 20Gi minimum of cloud disks`,
        PROVISIONER,
      );
      return;
    }
    this.provisioning.add(uid);
    recordEvent(
      this.ctx.store,
      claim,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`,
      PROVISIONER,
    );
    this.ctx.timers.after(PROVISION_SECONDS * 1000, () => {
      this.provisioning.delete(uid);
      this.bind(claim, storageClass, zone, size);
    });
  }

  /** The zone the disk must be created in, or undefined while the claim waits for its pod. */
  private zoneFor(claim: KubeObject, storageClass: KubeObject): string | undefined {
    const nodes = this.ctx.store.view(R.nodes);
    if (storageClass['volumeBindingMode'] === 'WaitForFirstConsumer') {
      const selected = claim.metadata.annotations?.[SELECTED_NODE];
      return selected ? zoneOf(nodes.find((n) => n.metadata.name === selected)) : undefined;
    }
    return nodes
      .map(zoneOf)
      .filter((z): z is string => Boolean(z))
      .sort()[0];
  }

  private bind(claim: KubeObject, storageClass: KubeObject, zone: string, size: string): void {
    const { store } = this.ctx;
    const ns = claim.metadata.namespace ?? 'default';
    const current = store.find(R.claims, ns, claim.metadata.name);
    if (!current || current.metadata.uid !== claim.metadata.uid) return;
    const diskId = `d-${randomSuffix(20)}`;
    const spec = claim['spec'] as ClaimSpec;
    store.create(R.volumes, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: diskId,
        labels: { 'topology.kubernetes.io/zone': zone },
        annotations: { 'pv.kubernetes.io/provisioned-by': DISK_PROVISIONER },
      },
      spec: {
        capacity: { storage: size },
        accessModes: spec.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: storageClass['reclaimPolicy'] ?? 'Delete',
        storageClassName: storageClass.metadata.name,
        volumeMode: 'Filesystem',
        csi: { driver: DISK_PROVISIONER, volumeHandle: diskId, fsType: 'ext4' },
        claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: claim.metadata.name, uid: claim.metadata.uid },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }],
          },
        },
      },
      status: { phase: 'Bound' },
    });
    const bound = store.mutate(R.claims, ns, claim.metadata.name, (c) => {
      (c['spec'] as ClaimSpec).volumeName = diskId;
      c['status'] = { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: size } };
    });
    if (bound)
      recordEvent(store, bound, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${diskId}`, PROVISIONER);
  }

  /** Volumes whose claim is gone: deleted with their disk (Delete) or kept as Released (Retain). */
  private reclaim(): void {
    const { store } = this.ctx;
    const claims = new Set(store.view(R.claims).map((c) => c.metadata.uid));
    for (const volume of store.view(R.volumes)) {
      const spec = volume['spec'] as { claimRef?: { uid?: string }; persistentVolumeReclaimPolicy?: string };
      if (!spec.claimRef?.uid || claims.has(spec.claimRef.uid)) continue;
      if (spec.persistentVolumeReclaimPolicy === 'Retain') {
        store.mutate(R.volumes, undefined, volume.metadata.name, (v) => {
          v['status'] = { phase: 'Released' };
        });
      } else store.delete(R.volumes, undefined, volume.metadata.name);
    }
  }

  private reportOnce(claim: KubeObject, reason: string, message: string, source: { component: string }): void {
    const key = `${claim.metadata.uid ?? ''}/${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    recordEvent(this.ctx.store, claim, 'Warning', reason, message, source);
  }
}
