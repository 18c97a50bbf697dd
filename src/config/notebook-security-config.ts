import { z } from 'zod';
import { checkImageRegistry, checkRegistryPattern, DEFAULT_REGISTRIES } from '../commands/check-image-registry.js';
import { ConfigError, list, type EnvOf } from './env-fields.js';

/** ACK's default class that creates the disk, of whichever type the zone has, where the pod lands. */
export const DEFAULT_STORAGE_CLASS = 'alicloud-disk-topology-alltype';

/** Cloud disks are 20 GiB to 32 TiB. */
const STORAGE = /^([1-9]\d*)(Gi|Ti)$/;
function storageGiB(value: string): number {
  const match = STORAGE.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * (match[2] === 'Ti' ? 1024 : 1);
}

/** What a notebook may run and keep: image registries, HTTPS, its disk. */
export const notebookSecurityEnv = {
  GPUBOT_NOTEBOOK_REGISTRIES: list
    .transform((patterns) => (patterns.length > 0 ? patterns : [...DEFAULT_REGISTRIES]))
    .superRefine((patterns, ctx) => {
      for (const pattern of patterns) {
        const problem = checkRegistryPattern(pattern);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  GPUBOT_NOTEBOOK_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** An Alibaba Cloud certificate id: TLS then ends at the load balancer, on 443. */
  GPUBOT_NOTEBOOK_TLS_CERT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an Alibaba Cloud certificate id, e.g. 1234567 or 1234567-cn-hangzhou')
    .optional(),
  GPUBOT_NOTEBOOK_STORAGE: z
    .string()
    .trim()
    .refine((value) => storageGiB(value) >= 20 && storageGiB(value) <= 32_768, 'must be a disk size from 20Gi to 32Ti, e.g. 20Gi')
    .default('20Gi'),
  GPUBOT_NOTEBOOK_STORAGE_CLASS: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a StorageClass name')
    .default(DEFAULT_STORAGE_CLASS),
  /** Optional, e.g. `1 CNY`: the disk price per GiB and month, quoted when a notebook is stopped. */
  GPUBOT_NOTEBOOK_STORAGE_PRICE: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)? [A-Z]{3}$/, 'must be a price per GiB-month with its currency, e.g. "1 CNY"')
    .optional(),
};

export interface NotebookSecurityConfig {
  /** Registry host patterns `image=` may name (`*` = one DNS label). */
  readonly registries: readonly string[];
  /** Plain HTTP instead of Jupyter's own HTTPS: only when the operator says so. */
  readonly allowHttp: boolean;
  /** TLS at the load balancer with this certificate instead of Jupyter's self-signed one. */
  readonly tlsCertificateId?: string;
  readonly storage: { readonly size: string; readonly sizeGiB: number; readonly storageClass: string };
  readonly storagePrice?: { readonly perGiBMonth: number; readonly currency: string };
}

export function notebookSecurityConfig(e: EnvOf<typeof notebookSecurityEnv>): NotebookSecurityConfig {
  const [amount, currency] = e.GPUBOT_NOTEBOOK_STORAGE_PRICE?.split(' ') ?? [];
  const allowHttp = e.GPUBOT_NOTEBOOK_ALLOW_HTTP === 'true';
  if (allowHttp && e.GPUBOT_NOTEBOOK_TLS_CERT_ID) {
    throw new ConfigError(
      'GPUBOT_NOTEBOOK_ALLOW_HTTP=true and GPUBOT_NOTEBOOK_TLS_CERT_ID contradict each other: keep the certificate (HTTPS at the load balancer) or plain HTTP, not both',
    );
  }
  return {
    registries: e.GPUBOT_NOTEBOOK_REGISTRIES,
    allowHttp,
    ...(e.GPUBOT_NOTEBOOK_TLS_CERT_ID ? { tlsCertificateId: e.GPUBOT_NOTEBOOK_TLS_CERT_ID } : {}),
    storage: {
      size: e.GPUBOT_NOTEBOOK_STORAGE,
      sizeGiB: storageGiB(e.GPUBOT_NOTEBOOK_STORAGE),
      storageClass: e.GPUBOT_NOTEBOOK_STORAGE_CLASS,
    },
    ...(amount && currency ? { storagePrice: { perGiBMonth: Number(amount), currency } } : {}),
  };
}

export const DEFAULT_NOTEBOOK_SECURITY: NotebookSecurityConfig = {
  registries: DEFAULT_REGISTRIES,
  allowHttp: false,
  storage: { size: '20Gi', sizeGiB: 20, storageClass: DEFAULT_STORAGE_CLASS },
};

/** The default image must come from an allowed registry too. */
export function checkNotebookImage(image: string, registries: readonly string[]): void {
  const problem = checkImageRegistry(image, registries);
  if (problem) {
    throw new ConfigError(
      `GPUBOT_NOTEBOOK_IMAGE ${image} is not from an allowed registry (${problem === 'address' ? 'an IP address, localhost or a link-local name is never allowed' : `GPUBOT_NOTEBOOK_REGISTRIES: ${registries.join(', ')}`})`,
    );
  }
}
