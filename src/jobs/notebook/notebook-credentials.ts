import type { KubeNotebooks, NotebookCredentials } from '../../kube/port.js';
import { generateCertificate } from './generate-certificate.js';
import { generatePassword } from './generate-password.js';

/**
 * The credentials of a starting notebook: those its Secret already holds when this same request
 * wrote them (a rerun after a crash keeps what the owner was told), new ones otherwise. They are
 * never checkpointed: they live in the worker's memory and the Secret only.
 */
export async function credentialsFor(
  notebooks: KubeNotebooks,
  target: { namespace: string; name: string; requestId: string; tls: boolean },
  now: Date,
): Promise<NotebookCredentials> {
  const stored = await notebooks.readCredentials(target.namespace, target.name);
  if (stored && stored.requestId === target.requestId && Boolean(stored.tls) === target.tls) {
    return { password: stored.password, ...(stored.tls ? { tls: stored.tls } : {}) };
  }
  return newCredentials(target, now);
}

/** A password, and a certificate for the notebook's name where Jupyter serves TLS itself. */
export async function newCredentials(target: { name: string; tls: boolean }, now: Date): Promise<NotebookCredentials> {
  const password = generatePassword();
  if (!target.tls) return { password };
  return { password, tls: await generateCertificate(target.name, now) };
}
