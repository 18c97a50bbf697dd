import type { JupyterActivity } from './emulated-jupyter.js';
import { computeCapability, gpuDisplayName } from './gpu-models.js';
import { uuidFrom } from './random-names.js';

export interface CommandContext {
  /** GPUs the device plugin gave the pod (its `nvidia.com/gpu`). */
  gpuCount: number;
  /** The node's GPU model as nvidia-smi names it, when the node has GPUs. */
  gpuModel: string | undefined;
  gpuMemoryGiB: number;
  nodeName: string;
  podUid: string;
  /** The emulated wall clock, for log line timestamps. */
  now: Date;
  /** The Jupyter running in the pod, if one does. */
  jupyter: JupyterActivity | undefined;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * What a command run in an emulated GPU container prints. Only the checks gpubot runs are known:
 * TensorFlow's `device_lib.list_local_devices()` (reported one device per line as
 * `<name>|<device_type>|<physical_device_desc>`, a contract with the product code), `nvidia-smi -L`
 * and the Jupyter activity reader (one JSON line of `now`, `/api/status`, `/api/kernels`, `/api/terminals`).
 */
export function runEmulatedCommand(argv: string[], ctx: CommandContext): CommandResult {
  const joined = argv.join(' ');
  if (joined.includes('list_local_devices')) return listLocalDevices(ctx);
  if (isNvidiaSmiList(argv)) return nvidiaSmiList(ctx);
  if (joined.includes('/api/status')) return readJupyterActivity(ctx);
  const program = commandName(argv);
  return { stdout: '', stderr: `${program}: command not found\n`, exitCode: 127 };
}

function listLocalDevices(ctx: CommandContext): CommandResult {
  const lines = ['/device:CPU:0|CPU|'];
  const log: string[] = [
    tfLog(
      ctx,
      'I',
      'tensorflow/core/platform/cpu_feature_guard.cc:193',
      'This TensorFlow binary is optimized with oneAPI Deep Neural Network Library (oneDNN) to use the following CPU instructions in performance-critical operations:  AVX2 AVX512F FMA',
    ),
  ];
  const model = ctx.gpuModel ? gpuDisplayName(ctx.gpuModel) : undefined;
  if (model && ctx.gpuCount > 0) {
    const capability = computeCapability(model);
    const memoryMb = Math.floor(ctx.gpuMemoryGiB * 1024 * 0.94);
    for (let i = 0; i < ctx.gpuCount; i++) {
      const desc = `device: ${i}, name: ${model}, pci bus id: ${pciBusId(i)}, compute capability: ${capability}`;
      lines.push(`/device:GPU:${i}|GPU|${desc}`);
      log.push(
        tfLog(
          ctx,
          'I',
          'tensorflow/core/common_runtime/gpu/gpu_device.cc:1613',
          `Created device /device:GPU:${i} with ${memoryMb} MB memory:  -> ${desc}`,
        ),
      );
    }
  } else {
    log.push(
      tfLog(
        ctx,
        'W',
        'tensorflow/compiler/xla/stream_executor/cuda/cuda_driver.cc:265',
        'failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected',
      ),
    );
  }
  return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: log.map((l) => `${l}\n`).join(''), exitCode: 0 };
}

function readJupyterActivity(ctx: CommandContext): CommandResult {
  if (!ctx.jupyter) {
    return {
      stdout: '',
      stderr: 'urllib.error.URLError: <urlopen error [Errno 111] Connection refused>\n',
      exitCode: 1,
    };
  }
  return { stdout: `${JSON.stringify(ctx.jupyter.report())}\n`, stderr: '', exitCode: 0 };
}

function nvidiaSmiList(ctx: CommandContext): CommandResult {
  if (!ctx.gpuModel || ctx.gpuCount === 0) {
    return {
      stdout:
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. " +
        'Make sure that the latest NVIDIA driver is installed and running.\n\n',
      stderr: '',
      exitCode: 9,
    };
  }
  const model = gpuDisplayName(ctx.gpuModel);
  let out = '';
  for (let i = 0; i < ctx.gpuCount; i++) {
    out += `GPU ${i}: ${model} (UUID: GPU-${uuidFrom(`${ctx.nodeName}/${ctx.podUid}/${i}`)})\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}

/** Bus ids as on an ECS gn instance: the first GPU at slot 08, the next ones after it (hex). */
function pciBusId(index: number): string {
  return `0000:00:${(8 + index).toString(16).padStart(2, '0')}.0`;
}

function isNvidiaSmiList(argv: string[]): boolean {
  const words = argv.length === 1 || (argv[0] && /(^|\/)(ba)?sh$/.test(argv[0])) ? argv.join(' ').split(/\s+/) : argv;
  const at = words.findIndex((w) => /(^|\/)nvidia-smi$/.test(w));
  return at >= 0 && words[at + 1] === '-L';
}

function commandName(argv: string[]): string {
  const first = argv[0] ?? '';
  // `sh -c "foo bar"` reports the inner program, as the shell would.
  if (/(^|\/)(ba)?sh$/.test(first) && argv[1] === '-c') return (argv[2] ?? '').trim().split(/\s+/)[0] ?? first;
  return first;
}

function tfLog(ctx: CommandContext, level: string, source: string, message: string): string {
  const iso = ctx.now.toISOString();
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
  return `${stamp}: ${level} ${source}] ${message}`;
}
