import http from 'node:http';
import https from 'node:https';
import {
  createConfiguration,
  KubeConfig,
  ServerConfiguration,
  type ApiConstructor,
  type ApiType,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/** An API server that accepts a request and never answers must not hold a job for ever. */
export const KUBE_REQUEST_TIMEOUT_MS = 30_000;

/** An idle kept-alive connection is closed after this long (a client of a deleted cluster holds none for ever). */
const IDLE_SOCKET_MS = 60_000;

const optionsOf = (agent: http.Agent) => (agent as https.Agent).options;
/** Certificates and keys come as fresh Buffers on every request: compared by content. */
const sameValue = (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);

/** The TLS material an agent was built with: a kept agent serves only requests with the same. */
const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

/**
 * A KubeConfig whose API clients abort every request after `timeoutMs` (client-node has no
 * timeout of its own) and reuse their connections. Built like client-node's makeApiClient, plus
 * one middleware that sets the request's abort signal; the abort surfaces as an AbortError, mapped
 * to a retryable kube.timeout.
 */
export class TimedKubeConfig extends KubeConfig {
  private kept: { readonly from: http.Agent; readonly agent: http.Agent } | undefined;

  constructor(private readonly timeoutMs: number = KUBE_REQUEST_TIMEOUT_MS) {
    super();
  }

  /**
   * client-node builds a new Agent for every request: a new connection, and a TLS handshake, each
   * time. Hundreds of waiting notebooks looking once per poll interval each would open hundreds of
   * connections a second; one keep-alive agent per credentials serves them all.
   */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    if (fresh && !this.getCurrentCluster()?.proxyUrl) context.setAgent(this.keepAlive(fresh));
  }

  private keepAlive(fresh: http.Agent): http.Agent {
    const options = optionsOf(fresh);
    const kept = this.kept;
    const same =
      kept !== undefined &&
      kept.from.constructor === fresh.constructor &&
      TLS_FIELDS.every((field) => sameValue(optionsOf(kept.from)[field], options[field]));
    if (same) return kept.agent;
    // Changed credentials get a new agent; the old one's requests finish and its idle sockets time out.
    const reuse = { keepAlive: true, timeout: IDLE_SOCKET_MS };
    const agent = fresh instanceof https.Agent ? new https.Agent({ ...options, ...reuse }) : new http.Agent(reuse);
    this.kept = { from: fresh, agent };
    return agent;
  }

  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error('No active cluster!');
    const timeoutMs = this.timeoutMs;
    const config = createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: this },
      promiseMiddleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return Promise.resolve(context);
          },
          post: (context: ResponseContext) => Promise.resolve(context),
        },
      ],
    });
    return new apiClientType(config);
  }
}
