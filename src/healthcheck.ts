#!/usr/bin/env node
/**
 * The image's HEALTHCHECK: asks this container's gpubot for `/healthz` (GPUBOT_METRICS_PORT,
 * which the image sets) and exits 0 when it answers 200. Node's fetch, so the slim image needs no curl.
 */
const port = process.env.GPUBOT_METRICS_PORT ?? '9464';
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.stdout.write(await response.text());
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(
    `gpubot does not answer /healthz on port ${port}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
