import { z } from 'zod';
import { positiveInt, type EnvOf } from './env-fields.js';

const perHour = (fallback: number) => z.coerce.number().min(0).default(fallback);

/**
 * What gpubot quotes besides the workers (which ECS DescribePrice prices): the fixed hourly parts
 * of what a cluster and a notebook bring, at list prices for mainland China regions. Set them to
 * your contract's prices; traffic, NAT and load balancer capacity units are billed by use on top.
 */
export const pricingEnv = {
  /** ACK Pro cluster management fee, pay-as-you-go (ACK billing page: 0.64 CNY per cluster per hour). */
  GPUBOT_PRICE_CLUSTER_FEE: perHour(0.64),
  /** Internet NAT gateway instance fee (USD 0.034 per hour on Alibaba's NAT billing page, about 0.25 CNY). */
  GPUBOT_PRICE_NAT_GATEWAY: perHour(0.25),
  /** The NAT gateway's pay-by-traffic EIP, its configuration fee. */
  GPUBOT_PRICE_EIP: perHour(0.02),
  /** The API server's load balancer (CLB, pay-by-LCU), its instance fee. */
  GPUBOT_PRICE_API_SERVER_LB: perHour(0.1),
  /** Each notebook's load balancer (NLB or CLB), its instance fee. */
  GPUBOT_PRICE_NOTEBOOK_LB: perHour(0.1),
  /** How long a DescribePrice answer is reused (per region and instance type). */
  GPUBOT_PRICE_CACHE_MINUTES: positiveInt(60),
  /** How long a request waits for a price it does not have yet, within Slack's 3 s. */
  GPUBOT_PRICE_LOOKUP_MS: positiveInt(1500),
};

/** The fixed hourly prices, in the account's currency. */
export interface PriceTable {
  readonly clusterFee: number;
  readonly natGateway: number;
  readonly eip: number;
  readonly apiServerLb: number;
  readonly notebookLb: number;
}

export interface PricingConfig {
  readonly table: PriceTable;
  readonly cacheMs: number;
  readonly lookupMs: number;
}

export function pricingConfig(e: EnvOf<typeof pricingEnv>): PricingConfig {
  return {
    table: {
      clusterFee: e.GPUBOT_PRICE_CLUSTER_FEE,
      natGateway: e.GPUBOT_PRICE_NAT_GATEWAY,
      eip: e.GPUBOT_PRICE_EIP,
      apiServerLb: e.GPUBOT_PRICE_API_SERVER_LB,
      notebookLb: e.GPUBOT_PRICE_NOTEBOOK_LB,
    },
    cacheMs: e.GPUBOT_PRICE_CACHE_MINUTES * 60_000,
    lookupMs: e.GPUBOT_PRICE_LOOKUP_MS,
  };
}
