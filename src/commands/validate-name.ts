/** ACK cluster names as gpubot allows them (they also become Kubernetes label values and tags). */
export const MAX_CLUSTER_NAME = 63;
/** Notebook names prefix Deployment, Service and Secret names, so they stay well under 63. */
export const MAX_NOTEBOOK_NAME = 40;

/** `help` would be read as the help word in `/gpu-cluster delete help`, so it cannot be a name. */
const RESERVED = new Set(['help']);

export type NameProblem =
  | { readonly problem: 'too-long'; readonly length: number }
  | { readonly problem: 'uppercase' }
  | { readonly problem: 'start' }
  | { readonly problem: 'end' }
  | { readonly problem: 'char'; readonly char: string }
  | { readonly problem: 'reserved' };

/**
 * Checks a DNS-1035 label (lowercase letters, digits, hyphens; starts with a letter; does not end
 * with a hyphen) of at most `max` characters, and names the first thing wrong.
 */
export function checkName(value: string, max: number): NameProblem | undefined {
  const length = [...value].length;
  if (length > max) return { problem: 'too-long', length };
  const bad = [...value].find((char) => !/[a-zA-Z0-9-]/.test(char));
  if (bad !== undefined) return { problem: 'char', char: bad };
  if (/[A-Z]/.test(value)) return { problem: 'uppercase' };
  if (!/^[a-z]/.test(value)) return { problem: 'start' };
  if (value.endsWith('-')) return { problem: 'end' };
  if (RESERVED.has(value)) return { problem: 'reserved' };
  return undefined;
}

/** A valid name close to what was typed (`My_GPU` -> `my-gpu`), or undefined when none is obvious. */
export function suggestName(value: string, max: number): string | undefined {
  const candidate = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return candidate !== value && checkName(candidate, max) === undefined ? candidate : undefined;
}
