import { JUPYTER_PORT, NOTEBOOK_HOME, TLS_CERT_KEY, TLS_DIR, TLS_KEY_KEY } from './notebook-labels.js';

/**
 * How the container starts Jupyter with the password from the Secret (env `PASSWORD`, via
 * secretKeyRef, so the plain password is never in the pod spec).
 *
 * It has to work with two generations of images:
 * - `tensorflow/tensorflow:1.4.1-gpu-py3` (the original manual): Python 3.5, notebook 5.x. Its own
 *   jupyter_notebook_config.py already hashes `PASSWORD`; we hash it again ourselves so the flags
 *   below win either way. No f-strings (3.5).
 * - `tensorflow/tensorflow:2.x-gpu-jupyter`: notebook 7 on jupyter_server, which reads `ServerApp`
 *   and `PasswordIdentityProvider` options and ignores `NotebookApp` ones.
 * Both sets of options are passed: traitlets ignores options of classes an app does not have.
 * The hash is computed inside the container, so neither the password nor its hash appears in the
 * Deployment. The token is disabled: the password is the only credential. No `--allow-root`: the
 * pod runs as a non-root user (notebook-labels.ts says which, and why).
 */
const HASH_PASSWORD = [
  'import os',
  'try:',
  '    from jupyter_server.auth import passwd',
  'except ImportError:',
  '    from notebook.auth import passwd',
  "print(passwd(os.environ['PASSWORD']))",
].join('\n');

const CERT = `${TLS_DIR}/${TLS_CERT_KEY}`;
const KEY = `${TLS_DIR}/${TLS_KEY_KEY}`;

function startJupyter(tls: boolean): string {
  return [
    'set -e',
    'PY=$(command -v python3 || command -v python)',
    'HASH=$("$PY" -c "$1")',
    `exec jupyter notebook --ip=0.0.0.0 --port=${JUPYTER_PORT} --no-browser \\`,
    `  --NotebookApp.notebook_dir=${NOTEBOOK_HOME} --ServerApp.root_dir=${NOTEBOOK_HOME} \\`,
    ...(tls
      ? [
          `  --NotebookApp.certfile=${CERT} --NotebookApp.keyfile=${KEY} \\`,
          `  --ServerApp.certfile=${CERT} --ServerApp.keyfile=${KEY} \\`,
        ]
      : []),
    '  --NotebookApp.token=\'\' --NotebookApp.password="$HASH" \\',
    '  --ServerApp.token=\'\' --ServerApp.password="$HASH" --PasswordIdentityProvider.hashed_password="$HASH"',
  ].join('\n');
}

/** `command` for the notebook container: `sh -c <script> <$0> <$1 = the hashing program>`. */
export function jupyterCommand(options: { tls: boolean }): string[] {
  return ['sh', '-c', startJupyter(options.tls), 'start-notebook', HASH_PASSWORD];
}
