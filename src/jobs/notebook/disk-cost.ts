import type { NotebookConfig } from '../../config/config.js';
import { text, type Text } from '../../i18n/text.js';

/** What keeping a stopped notebook's disk costs: the configured price, or how it is billed. */
export function diskCost(settings: NotebookConfig, size: string | undefined): Text {
  const gib = sizeInGiB(size) ?? settings.storage.sizeGiB;
  const price = settings.storagePrice;
  if (!price) return text('notebook.disk.billing', { size: `${gib} GiB` });
  const monthly = Math.round(gib * price.perGiBMonth * 100) / 100;
  return text('notebook.disk.price', { size: `${gib} GiB`, monthly, currency: price.currency });
}

function sizeInGiB(size: string | undefined): number | undefined {
  const match = /^(\d+)(Gi|Ti)$/.exec(size ?? '');
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'Ti' ? 1024 : 1);
}
