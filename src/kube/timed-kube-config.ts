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

/**
 * A KubeConfig whose API clients abort every request after `timeoutMs` (client-node has no
 * timeout of its own). Built like client-node's makeApiClient, plus one middleware that sets the
 * request's abort signal; the abort surfaces as an AbortError, mapped to a retryable kube.timeout.
 */
export class TimedKubeConfig extends KubeConfig {
  constructor(private readonly timeoutMs: number = KUBE_REQUEST_TIMEOUT_MS) {
    super();
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
