/** What the emulator needs to know about an NVIDIA GPU model to speak like its tools. */

/** CUDA compute capability by model family, as TensorFlow prints it. */
const COMPUTE_CAPABILITY: [RegExp, string][] = [
  [/A100|A800/i, '8.0'],
  [/A10\b|A10-|A10G/i, '8.6'],
  [/H100|H800|H20\b/i, '9.0'],
  [/L20\b|L40|L4\b/i, '8.9'],
  [/V100/i, '7.0'],
  [/T4\b/i, '7.5'],
  [/P100/i, '6.0'],
  [/P4\b|P40/i, '6.1'],
  [/M40|M60/i, '5.2'],
  [/K80/i, '3.7'],
];

export function computeCapability(model: string): string {
  for (const [pattern, capability] of COMPUTE_CAPABILITY) if (pattern.test(model)) return capability;
  throw new Error(`emulator does not know the compute capability of GPU model "${model}"`);
}

/**
 * The display name (`Tesla P100-PCIE-16GB`) from either that form or the ACK node label form
 * (`Tesla-P100-PCIE-16GB`), which replaces spaces with dashes.
 */
export function gpuDisplayName(model: string): string {
  return model.includes(' ') ? model : model.replace(/^(Tesla|NVIDIA)-/, '$1 ');
}

/** The `aliyun.accelerator/nvidia_name` label value: spaces are not allowed in label values. */
export function gpuLabelName(model: string): string {
  return gpuDisplayName(model).replace(/\s+/g, '-');
}
