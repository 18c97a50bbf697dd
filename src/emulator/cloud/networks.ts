import { newId } from './ids.js';
import type { RegionBook } from './regions.js';
import type { NetworkSnapshot } from './types.js';

interface VSwitch {
  vswitchId: string;
  vpcId: string;
  regionId: string;
  zoneId: string;
  cidr: string;
  nextHost: number;
}

/**
 * VPCs and vSwitches. Each region starts with a default VPC holding one vSwitch per zone; clusters
 * created with `zone_ids` get a VPC of their own, as ACK creates one for them.
 */
export class NetworkBook {
  private readonly vswitches = new Map<string, VSwitch>();
  private readonly defaults: NetworkSnapshot[] = [];
  private nextVpcOctet = 0;

  constructor(regions: RegionBook) {
    for (const regionId of regions.regionIds()) {
      this.defaults.push(this.createVpc(regionId, [...regions.zones(regionId)]));
    }
  }

  createVpc(regionId: string, zoneIds: string[]): NetworkSnapshot {
    const vpcId = newId('vpc-');
    // Distinct 10.x/16 blocks keep emulated node IPs unique across VPCs, which node names rely on.
    const octet = (this.nextVpcOctet++ % 250) + 1;
    const vswitches = zoneIds.map((zoneId, i) => {
      const vs: VSwitch = { vswitchId: newId('vsw-'), vpcId, regionId, zoneId, cidr: `10.${octet}.${i * 16}.0/20`, nextHost: 10 };
      this.vswitches.set(vs.vswitchId, vs);
      return { vswitchId: vs.vswitchId, zoneId, cidr: vs.cidr };
    });
    return { regionId, vpcId, vswitches };
  }

  addVSwitch(vpcId: string, zoneId: string): string {
    const siblings = [...this.vswitches.values()].filter((vs) => vs.vpcId === vpcId);
    const first = siblings[0];
    if (!first) throw new Error(`emulator has no VPC ${vpcId}`);
    const [a, b] = first.cidr.split('.');
    const vs: VSwitch = {
      vswitchId: newId('vsw-'),
      vpcId,
      regionId: first.regionId,
      zoneId,
      cidr: `${a}.${b}.${siblings.length * 16}.0/20`,
      nextHost: 10,
    };
    this.vswitches.set(vs.vswitchId, vs);
    return vs.vswitchId;
  }

  defaultNetworks(): NetworkSnapshot[] {
    return this.defaults.map((n) => ({ ...n, vswitches: n.vswitches.map((v) => ({ ...v })) }));
  }

  find(vswitchId: string): Readonly<Omit<VSwitch, 'nextHost'>> | undefined {
    return this.vswitches.get(vswitchId);
  }

  /** vSwitches matching every filter given, in creation order. */
  list(filter: {
    regionId?: string;
    vpcId?: string;
    vswitchId?: string;
    zoneId?: string;
  }): Readonly<Omit<VSwitch, 'nextHost'>>[] {
    return [...this.vswitches.values()].filter(
      (vs) =>
        (filter.regionId === undefined || vs.regionId === filter.regionId) &&
        (filter.vpcId === undefined || vs.vpcId === filter.vpcId) &&
        (filter.vswitchId === undefined || vs.vswitchId === filter.vswitchId) &&
        (filter.zoneId === undefined || vs.zoneId === filter.zoneId),
    );
  }

  /** Hands out the next private IP of a vSwitch. */
  allocateIp(vswitchId: string): string {
    const vs = this.vswitches.get(vswitchId);
    if (vs === undefined) throw new Error(`unknown vSwitch ${vswitchId}`);
    const [a, b, c] = vs.cidr.split('.');
    const host = vs.nextHost++;
    return `${a}.${b}.${Number(c) + Math.floor(host / 256)}.${host % 256}`;
  }
}
