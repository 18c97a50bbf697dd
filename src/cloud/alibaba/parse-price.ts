import { GpubotError } from '../../errors.js';
import type { InstancePrice } from '../port.js';
import type { Json } from './call-cloud.js';

/**
 * ECS DescribePrice's answer: `PriceInfo.Price` with `Currency`, `OriginalPrice`, `DiscountPrice`
 * and `TradePrice` (what is paid: the original price minus the discount). An answer without a
 * trade price cannot be quoted from.
 */
export function parsePrice(answer: Json): InstancePrice {
  const price = ((answer.PriceInfo ?? {}) as Json).Price as Json | undefined;
  const trade = Number(price?.TradePrice);
  if (!price || price.TradePrice === undefined || !Number.isFinite(trade) || trade < 0) {
    throw new GpubotError('cloud.unavailable', 'DescribePrice answered without PriceInfo.Price.TradePrice', { retryable: true });
  }
  return { perHour: trade, currency: typeof price.Currency === 'string' && price.Currency ? price.Currency : 'CNY' };
}
