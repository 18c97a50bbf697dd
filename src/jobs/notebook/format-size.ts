/** `20Gi` → `20 GiB`, as people read disk sizes. */
export function formatSize(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  return match ? `${match[1]} ${match[2]}B` : quantity;
}
