import { text, type Text } from '../i18n/text.js';
import { echoValue } from './echo-value.js';
import { checkImageRegistry, registryOf } from './check-image-registry.js';
import { checkImageRef } from './validate-image.js';
import { isRegionId, isZoneId, isZoneInRegion } from './validate-location.js';
import { checkName, MAX_CLUSTER_NAME, MAX_NOTEBOOK_NAME, suggestName } from './validate-name.js';

/** Each check returns the error to show, or undefined when the value is fine. */

export function checkClusterName(value: string): Text | undefined {
  return nameError('cluster', value, MAX_CLUSTER_NAME);
}

export function checkNotebookName(value: string): Text | undefined {
  return nameError('notebook', value, MAX_NOTEBOOK_NAME);
}

function nameError(kind: 'cluster' | 'notebook', value: string, max: number): Text | undefined {
  const found = checkName(value, max);
  if (!found) return undefined;
  return text('cmd.error.invalidName', {
    kind,
    value: echoValue(value),
    max,
    problem: found.problem,
    length: found.problem === 'too-long' ? found.length : undefined,
    char: found.problem === 'char' ? echoValue(found.char) : undefined,
    suggestion: suggestName(value, max),
  });
}

export function checkRegion(value: string, regions?: readonly string[]): Text | undefined {
  if (!isRegionId(value)) return text('cmd.error.invalidRegion', { value: echoValue(value) });
  if (regions && !regions.includes(value)) return text('cmd.error.unknownRegion', { value, regions: regions.join(', ') });
  return undefined;
}

export function checkZone(value: string, region: string | undefined): Text | undefined {
  if (!isZoneId(value)) return text('cmd.error.invalidZone', { value: echoValue(value) });
  if (region !== undefined && !isZoneInRegion(value, region)) {
    return text('cmd.error.zoneNotInRegion', { zone: value, region });
  }
  return undefined;
}

export function checkImage(value: string): Text | undefined {
  const problem = checkImageRef(value);
  return problem === undefined ? undefined : text('cmd.error.invalidImage', { value: echoValue(value), problem });
}

/** An image from a registry notebooks may not pull from: an address, or one the operator did not list. */
export function checkRegistry(value: string, registries: readonly string[]): Text | undefined {
  const problem = checkImageRegistry(value, registries);
  if (problem === undefined) return undefined;
  return text('cmd.error.imageRegistry', {
    value: echoValue(value),
    registry: echoValue(registryOf(value)),
    problem,
    allowed: registries.join(', '),
  });
}
