/**
 * The NODE_OPTIONS the image sets (`ENV NODE_OPTIONS="…"` in the Dockerfile): the bench's worker
 * runs with them, so it measures the heap settings a deployment gets.
 */
export function imageNodeOptions(dockerfile: string): string {
  const options = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1];
  if (options === undefined) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return options;
}
