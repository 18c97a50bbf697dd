/** Longest piece of user input quoted back in an error. */
const MAX_ECHO_CHARS = 40;

/**
 * Quotes user input back safely: cut to a readable length on code-point boundaries, and with
 * backticks replaced because messages wrap echoed values in code spans. Control characters never
 * reach here (normalizeInput rejects them); markup escaping is each renderer's job.
 */
export function echoValue(value: string): string {
  const chars = [...value.replace(/`/g, "'")];
  return chars.length > MAX_ECHO_CHARS ? `${chars.slice(0, MAX_ECHO_CHARS - 1).join('')}…` : chars.join('');
}
