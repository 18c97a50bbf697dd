import type { MessageTable } from '../text.js';

/** ACK editions, the cluster network and the GPU node pool. */
export const clusterNetworkMessages: MessageTable = {
  'cluster.nodepool.planned': {
    en: (p) => `Node pool on vSwitches ${p.vswitches} (zones ${p.zones}, in that order)`,
    zh: (p) => `节点池使用交换机 ${p.vswitches}（可用区依次为 ${p.zones}）`,
  },
  'cluster.nodepool.created': {
    en: (p) => `Node pool ${p.nodepoolId} requested in zones ${p.zones}, in that order (vSwitches ${p.vswitches})`,
    zh: (p) => `已在可用区 ${p.zones}（依次）提交节点池 ${p.nodepoolId}（交换机 ${p.vswitches}）`,
  },
  'cluster.nodepool.adopted': {
    en: (p) => `Found node pool ${p.nodepoolId} from an earlier attempt; carrying on`,
    zh: (p) => `找到之前尝试创建的节点池 ${p.nodepoolId}，继续执行`,
  },
  'cluster.nodepool.state': {
    en: (p) => `Node pool ${p.state}, ${p.healthy}/${p.desired} nodes`,
    zh: (p) => `节点池 ${p.state}，${p.healthy}/${p.desired} 个节点`,
  },
  'cluster.nodepool.active': {
    en: (p) => `Node pool ${p.nodepoolId} is active with ${p.healthy} nodes`,
    zh: (p) => `节点池 ${p.nodepoolId} 已就绪，共 ${p.healthy} 个节点`,
  },
  'cluster.error.basicNodes': {
    en: (p) =>
      `An ACK Basic (ack.standard) cluster has at most ${p.limit} workers and ACK does not raise that limit; you asked for ${p.count}. ` +
      `Ask for ${p.limit} or fewer, or ask the operator to use ACK Pro (GPUBOT_CLUSTER_SPEC=ack.pro.small).`,
    zh: (p) =>
      `ACK 基础版（ack.standard）集群最多 ${p.limit} 个工作节点，且无法提升；您请求了 ${p.count} 个。` +
      `请改为不超过 ${p.limit} 个，或请运维人员改用 ACK Pro 版（GPUBOT_CLUSTER_SPEC=ack.pro.small）。`,
  },
  'cluster.error.vswitchNotInVpc': {
    en: (p) =>
      `The configured vSwitches ${p.vswitches} are not in VPC ${p.vpcId} of ${p.region}. The operator must fix GPUBOT_VSWITCH_IDS / GPUBOT_VPC_ID.`,
    zh: (p) =>
      `配置的交换机 ${p.vswitches} 不在地域 ${p.region} 的 VPC ${p.vpcId} 中。请运维人员修正 GPUBOT_VSWITCH_IDS / GPUBOT_VPC_ID。`,
  },
  'cluster.error.vswitchesNoStock': {
    en: (p) =>
      `The configured vSwitches are in zones ${p.zones}, and none of them has the GPU type in stock; zones with stock: ${p.stockZones}. ` +
      'Try later, another family, or ask the operator to add a vSwitch in a zone with stock to GPUBOT_VSWITCH_IDS.',
    zh: (p) =>
      `配置的交换机位于可用区 ${p.zones}，这些可用区都没有该 GPU 规格的库存；有库存的可用区：${p.stockZones}。` +
      '请稍后重试、换一个规格族，或请运维人员在有库存的可用区添加交换机到 GPUBOT_VSWITCH_IDS。',
  },
  'cluster.error.noPoolVswitch': {
    en: (p) =>
      `Cluster ${p.clusterId} has vSwitches only in zones ${p.zones}, none of which had the GPU type in stock (${p.stockZones}); no node pool was created.`,
    zh: (p) =>
      `集群 ${p.clusterId} 的交换机只在可用区 ${p.zones}，这些可用区都没有该 GPU 规格的库存（${p.stockZones}）；未创建节点池。`,
  },
  'cluster.error.nodePoolVanished': {
    en: (p) => `node pool ${p.nodepoolId} disappeared while it was being created; was it deleted outside gpubot?`,
    zh: (p) => `节点池 ${p.nodepoolId} 在创建过程中消失了，是否在 gpubot 之外被删除？`,
  },
  'cluster.error.nodePoolTimeout': {
    en: (p) =>
      `The GPU node pool ${p.nodepoolId} of cluster ${p.name} is still not active after ${Math.round(Number(p.waited) / 60)} minutes; gpubot gave up waiting for it.`,
    zh: (p) =>
      `集群 ${p.name} 的 GPU 节点池 ${p.nodepoolId} 在 ${Math.round(Number(p.waited) / 60)} 分钟后仍未就绪，gpubot 不再等待。`,
  },
};
