import type { RegionBook } from './regions.js';

/**
 * The emulator serves every region on one port: `http://127.0.0.1:<port>/<region>` stands for
 * `https://cs.<region>.aliyuncs.com` (and likewise for ECS and VPC), and the bare address for the
 * central endpoint. SDKs sign the path without the endpoint's own prefix, so it is split off first.
 */
export function splitEndpointPath(path: string, regions: RegionBook): { endpointRegion: string | undefined; path: string } {
  const match = /^\/([a-z]{2}(?:-[a-z0-9]+)+)(\/.*)?$/.exec(path);
  if (match?.[1] !== undefined && regions.hasRegion(match[1])) return { endpointRegion: match[1], path: match[2] ?? '/' };
  return { endpointRegion: undefined, path };
}
