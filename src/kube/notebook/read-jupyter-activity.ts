import { JUPYTER_PORT, TLS_CERT_KEY, TLS_DIR } from './notebook-labels.js';
import type { ExecResult, NotebookActivity } from './types.js';

/**
 * Asks the notebook's own Jupyter, from inside its container, what it has been doing: it logs in
 * with the password the container already has (env `PASSWORD`, so no secret travels in the
 * command, the API server's audit log or gpubot's memory), then reads `/api/status`,
 * `/api/kernels` and `/api/terminals` with `no_track_activity` (so looking is not activity) and
 * prints them as one JSON line with the container's own UTC time (idle spans are then measured
 * on one clock). HTTPS when Jupyter serves its own certificate. Python 3.5 compatible (TF 1.4 images):
 * no f-strings. An API Jupyter does not have (terminals without terminado) counts as empty.
 */
const READ_ACTIVITY = [
  'import datetime, json, os, ssl, sys',
  'from http.cookiejar import CookieJar',
  'from urllib.error import HTTPError',
  'from urllib.parse import urlencode',
  'from urllib.request import HTTPCookieProcessor, HTTPSHandler, Request, build_opener',
  `scheme = 'https' if os.path.exists('${TLS_DIR}/${TLS_CERT_KEY}') else 'http'`,
  `base = scheme + '://127.0.0.1:${JUPYTER_PORT}'`,
  'context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT if hasattr(ssl, "PROTOCOL_TLS_CLIENT") else ssl.PROTOCOL_SSLv23)',
  'context.check_hostname = False',
  'context.verify_mode = ssl.CERT_NONE',
  'jar = CookieJar()',
  'opener = build_opener(HTTPCookieProcessor(jar), HTTPSHandler(context=context))',
  "opener.open(base + '/login', timeout=20).read()",
  "xsrf = [c.value for c in jar if c.name == '_xsrf']",
  "form = {'password': os.environ.get('PASSWORD', '')}",
  'headers = {}',
  'if xsrf:',
  "    form['_xsrf'] = xsrf[0]",
  "    headers['X-XSRFToken'] = xsrf[0]",
  "opener.open(Request(base + '/login', data=urlencode(form).encode('ascii'), headers=headers), timeout=20).read()",
  'def get(path, missing):',
  '    try:',
  "        return json.loads(opener.open(Request(base + path, headers=headers), timeout=20).read().decode('utf-8'))",
  '    except HTTPError as error:',
  '        if error.code == 404 and missing is not None:',
  '            return missing',
  '        raise',
  'now = datetime.datetime.now(datetime.timezone.utc).isoformat()',
  "status = get('/api/status', None)",
  "kernels = get('/api/kernels?no_track_activity=1', [])",
  "terminals = get('/api/terminals?no_track_activity=1', [])",
  "print(json.dumps({'now': now, 'status': status, 'kernels': kernels, 'terminals': terminals}))",
].join('\n');

/** `sh -c <runner> <$0> <$1 = the program>`: whichever Python the image has. */
export const READ_ACTIVITY_COMMAND: readonly string[] = [
  'sh',
  '-c',
  'PY=$(command -v python3 || command -v python); exec "$PY" -c "$1"',
  'jupyter-activity',
  READ_ACTIVITY,
];

interface Printed {
  readonly now?: unknown;
  readonly status?: { readonly last_activity?: unknown };
  readonly kernels?: readonly { readonly last_activity?: unknown; readonly execution_state?: unknown }[];
  readonly terminals?: readonly { readonly last_activity?: unknown }[];
}

const timeOf = (value: unknown): number | undefined => {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at : undefined;
};

/**
 * What the reader printed, as activity: idle since the latest `last_activity` of the server, its
 * kernels and its terminals, by the container's clock; a busy kernel or an open terminal is
 * activity now (a training run in a terminal prints nothing for hours).
 */
export function parseJupyterActivity(result: ExecResult): NotebookActivity {
  if (result.exitCode !== 0) {
    const last = result.stderr.trim().split('\n').pop() ?? '';
    return { kind: 'unreadable', reason: `exit ${result.exitCode}: ${last.slice(0, 200)}` };
  }
  let printed: Printed;
  try {
    printed = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as Printed;
  } catch {
    return { kind: 'unreadable', reason: 'the activity reader printed no JSON' };
  }
  const now = timeOf(printed.now);
  const kernels = Array.isArray(printed.kernels) ? printed.kernels : [];
  const terminals = Array.isArray(printed.terminals) ? printed.terminals : [];
  const times = [printed.status?.last_activity, ...kernels.map((k) => k.last_activity), ...terminals.map((t) => t.last_activity)]
    .map(timeOf)
    .filter((at): at is number => at !== undefined);
  if (now === undefined || times.length === 0) return { kind: 'unreadable', reason: 'no last_activity in /api/status' };
  return {
    kind: 'seen',
    idleForMs: Math.max(0, now - Math.max(...times)),
    busyKernels: kernels.filter((k) => k.execution_state === 'busy').length,
    terminals: terminals.length,
  };
}
