/**
 * The hourly price of a request, pay-as-you-go, before anything is created: its workers (ECS
 * DescribePrice, per instance, times the count) and what a new cluster brings with it (the ACK Pro
 * management fee and its network: NAT gateway, EIP, API server load balancer). In the account's
 * currency (CNY for accounts on the China site), which limits and thresholds are written in too.
 */
export interface PriceQuote {
  readonly perHour: number;
  readonly workers: number;
  readonly cluster: number;
  readonly currency: string;
  /** A scale: what the change adds to (or, negative, takes off) the hourly price; `perHour` is the price after it. */
  readonly increase?: number;
}

/** In the currency's hundredths (fen), the ledger's unit, rounded up so rounding never hides spend. */
export function fenPerHour(quote: Pick<PriceQuote, 'perHour'>): number {
  return Math.ceil(quote.perHour * 100 - 1e-9);
}

/** Two decimals, as a price is shown and recorded. */
export function roundPrice(value: number): number {
  return Math.round(value * 100) / 100;
}
