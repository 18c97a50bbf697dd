import { createHash } from 'node:crypto';

/** Labels and annotations that tie a notebook's objects to it, its owner and gpubot. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_NOTEBOOK = 'gpubot.io/notebook';
export const LABEL_OWNER = 'gpubot.io/owner';
export const ANNOTATION_OWNER = 'gpubot.io/owner';
export const ANNOTATION_REQUEST = 'gpubot.io/request';
export const MANAGED_BY = 'gpubot';
/** The container name, which exec targets. */
export const NOTEBOOK_CONTAINER = 'notebook';
export const PASSWORD_KEY = 'password';
/** The Secret's keys for the certificate and private key Jupyter serves HTTPS with. */
export const TLS_CERT_KEY = 'tls.crt';
export const TLS_KEY_KEY = 'tls.key';
export const JUPYTER_PORT = 8888;

/**
 * Who Jupyter runs as. The TensorFlow images declare no user and document running as any uid
 * (`docker run -u $(id -u):$(id -g)`; their Dockerfiles make /tf and /.local world-writable for it).
 * 1000:100 is the uid and group of Jupyter's own docker-stacks images (jovyan:users). That uid has
 * no /etc/passwd entry in the TensorFlow images, so HOME would be `/`; HOME is therefore set to
 * the notebook's disk, which fsGroup 100 makes writable, so settings and `pip install --user`
 * survive a stop as well as the notebooks do.
 */
export const NOTEBOOK_UID = 1000;
export const NOTEBOOK_GID = 100;
/** Jupyter's working directory and HOME: where the notebook's disk is mounted. */
export const NOTEBOOK_HOME = '/home/jovyan';
/** Where the Secret's certificate and key are mounted, read-only. */
export const TLS_DIR = '/etc/gpubot/tls';

/** Selects every notebook gpubot manages in a namespace. */
export const ALL_NOTEBOOKS = `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_NOTEBOOK}`;

export function notebookSelector(name: string): string {
  return `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_NOTEBOOK}=${name}`;
}

/**
 * Label values allow only `[A-Za-z0-9._-]`, at most 63, alphanumeric at both ends. Owners are
 * `<platform>:<userId>` with ids such as DingTalk's `$:LWCP_v1:$...`, so the readable part is
 * cleaned and a hash of the exact owner keeps two owners from sharing a value.
 */
export function ownerLabelValue(owner: string): string {
  const hash = createHash('sha256').update(owner).digest('hex').slice(0, 10);
  const readable = owner
    .replace(/[^A-Za-z0-9._-]+/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 40)
    .replace(/[^A-Za-z0-9]+$/, '');
  return readable ? `${readable}-${hash}` : `u-${hash}`;
}

export function notebookLabels(name: string, owner: string): Record<string, string> {
  return { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_NOTEBOOK]: name, [LABEL_OWNER]: ownerLabelValue(owner) };
}
