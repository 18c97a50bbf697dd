import { createServer, type Server } from 'node:http';
import { ApiError, gatewayError, renderError } from './api-errors.js';
import { describeAvailableResource } from './describe-available-resource.js';
import { describePrice } from './describe-price.js';
import { describeVSwitches } from './describe-vswitches.js';
import { ecsFaultError } from './fault-errors.js';
import { BodyTooLargeError, readBody, sendJson } from './http-util.js';
import { newRequestId } from './ids.js';
import { NonceCache } from './nonce-cache.js';
import { splitEndpointPath } from './split-endpoint-path.js';
import type { EmulatorState } from './state.js';
import { MAX_SKEW_MS } from './verify-roa-request.js';
import { verifyRpcRequest } from './verify-rpc-request.js';

type RpcAction = (state: EmulatorState, params: Record<string, string>, soldOut: boolean) => Record<string, unknown>;

interface RpcService {
  readonly name: 'ecs' | 'vpc';
  readonly version: string;
  readonly actions: Readonly<Record<string, RpcAction>>;
}

export const ECS_SERVICE: RpcService = {
  name: 'ecs',
  version: '2014-05-26',
  actions: { DescribeAvailableResource: describeAvailableResource, DescribePrice: describePrice },
};

export const VPC_SERVICE: RpcService = {
  name: 'vpc',
  version: '2016-04-28',
  actions: { DescribeVSwitches: describeVSwitches },
};

/**
 * An RPC endpoint (ECS 2014-05-26, VPC 2016-04-28). Every error carries `Code`: pop-core's RPC
 * client ignores the HTTP status and throws only when the JSON body has a `Code`. A regional
 * endpoint serves only its own region.
 */
export function createRpcServer(state: EmulatorState, service: RpcService): Server {
  const nonces = new NonceCache(2 * MAX_SKEW_MS);
  let serverErrors = 0;

  return createServer((req, res) => {
    const requestId = newRequestId();
    const hostId = req.headers.host ?? `${service.name}.aliyuncs.com`;
    void (async () => {
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://emulator');
        const method = req.method ?? 'GET';
        const params = Object.fromEntries(url.searchParams);
        if (method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
          Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
        }
        const { endpointRegion, path } = splitEndpointPath(url.pathname, state.regions);
        if (path !== '/' || (method !== 'GET' && method !== 'POST')) {
          throw gatewayError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
        }
        const actionName = params['Action'] ?? '';
        const action = service.actions[actionName];
        if (action !== undefined) {
          state.count(actionName);
          state.journal.push({ service: service.name, endpointRegion, action: actionName, path });
        }
        verifyRpcRequest(method, params, (id) => state.credentialsFor(id), nonces, state.now(), service.version);
        const regionId = params['RegionId'];
        if (endpointRegion !== undefined && regionId !== undefined && regionId !== endpointRegion) {
          throw gatewayError(
            400,
            'InvalidRegionId.NotFound',
            `The specified region ${regionId} is not served by the ${endpointRegion} endpoint; call ${service.name}.${regionId}.aliyuncs.com.`,
          );
        }
        if (action === undefined)
          throw gatewayError(
            404,
            'InvalidAction.NotFound',
            `Specified api ${actionName} is not found, please check your url and method.`,
          );

        const fault = state.faults.take(actionName);
        // A stock-out on DescribeAvailableResource is an answer, not an error: everything reads as sold out.
        if (fault !== undefined && !(fault === 'stock-out' && actionName === 'DescribeAvailableResource')) {
          throw ecsFaultError(fault, fault === 'server-error' ? serverErrors++ : 0);
        }
        sendJson(res, 200, { RequestId: requestId, ...action(state, params, fault === 'stock-out') }, requestId);
      } catch (error) {
        let apiError: ApiError;
        if (error instanceof ApiError) apiError = error;
        else if (error instanceof BodyTooLargeError) apiError = gatewayError(413, 'InvalidParameter', error.message);
        else {
          state.logger?.warn({ err: String(error), service: service.name }, 'emulated RPC request failed unexpectedly');
          apiError = gatewayError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
        }
        // RPC errors are always capitalised, whatever style the shared helper was built with.
        sendJson(
          res,
          apiError.status,
          renderError(new ApiError(apiError.status, apiError.code, apiError.message, 'gateway'), requestId, hostId),
          requestId,
        );
      }
    })();
  });
}
