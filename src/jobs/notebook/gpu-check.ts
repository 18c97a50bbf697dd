import { GpubotError } from '../../errors.js';
import { text, type Text } from '../../i18n/text.js';
import { NOTEBOOK_CONTAINER, type KubeNotebooks } from '../../kube/port.js';

/**
 * TensorFlow's own view of the devices, one per line as `name|device_type|physical_device_desc`
 * (the contract the emulator implements). `%` formatting, not f-strings: TF 1.4 images have Python 3.5.
 */
const LIST_DEVICES = [
  'import os',
  "os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'",
  'from tensorflow.python.client import device_lib',
  'for d in device_lib.list_local_devices():',
  "    print('%s|%s|%s' % (d.name, d.device_type, d.physical_device_desc.replace('\\n', ' ')))",
].join('\n');

export const GPU_CHECK_COMMAND: readonly string[] = [
  'sh',
  '-c',
  'PY=$(command -v python3 || command -v python); exec "$PY" -c "$1"',
  'gpu-check',
  LIST_DEVICES,
];

export interface Device {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export function parseDeviceList(stdout: string): Device[] {
  const devices: Device[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^([^|\s]+)\|([^|]+)\|(.*)$/.exec(line.trim());
    if (match?.[1] && match[2]) devices.push({ name: match[1], type: match[2], description: match[3] ?? '' });
  }
  return devices;
}

/** `device: 0, name: Tesla P100-PCIE-16GB, pci bus id: ...` -> `Tesla P100-PCIE-16GB` */
export function gpuModelOf(description: string): string | undefined {
  return /(?:^|,\s*)name:\s*([^,]+)/.exec(description)?.[1]?.trim();
}

export interface GpuCheck {
  readonly gpus: number;
  readonly summary: Text;
}

const EXEC_TIMEOUT_MS = 120_000;

/** How often a check that met a passing fault of the API server (5xx, 429) is tried again, one poll apart. */
export const GPU_CHECK_TRIES = 3;

/**
 * Runs the device listing in the notebook container. A failed check is reported, not thrown;
 * `retry` is the passing fault of the API server it met, which the caller may try again after.
 */
export async function checkNotebookGpus(
  notebooks: KubeNotebooks,
  namespace: string,
  pod: string,
): Promise<GpuCheck & { readonly retry?: GpubotError }> {
  let result;
  try {
    result = await notebooks.exec(namespace, pod, NOTEBOOK_CONTAINER, GPU_CHECK_COMMAND, EXEC_TIMEOUT_MS);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'exec';
    const summary = text('notebook.gpu.checkFailed', { reason: code });
    return error instanceof GpubotError && error.retryable ? { gpus: 0, summary, retry: error } : { gpus: 0, summary };
  }
  const gpus = parseDeviceList(result.stdout).filter((device) => device.type === 'GPU');
  if (result.exitCode !== 0 && gpus.length === 0) {
    const last = result.stderr.trim().split('\n').pop()?.slice(0, 200) ?? '';
    return {
      gpus: 0,
      summary: text('notebook.gpu.checkFailed', { reason: `exit code ${result.exitCode}${last ? `: ${last}` : ''}` }),
    };
  }
  if (gpus.length === 0) return { gpus: 0, summary: text('notebook.gpu.none') };
  const devices = gpus.map((gpu) => {
    const model = gpuModelOf(gpu.description);
    return model ? `${gpu.name} (${model})` : gpu.name;
  });
  return { gpus: gpus.length, summary: text('notebook.gpu.seen', { count: gpus.length, devices: devices.join(', ') }) };
}
