import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ApiError, businessError, renderError } from './api-errors.js';
import { matchCsRoute } from './cs-routes.js';
import { csFaultError, isAsyncFault, type AsyncFaultKind } from './fault-errors.js';
import { BodyTooLargeError, readBody, sendJson } from './http-util.js';
import { newRequestId } from './ids.js';
import { NonceCache } from './nonce-cache.js';
import { splitEndpointPath } from './split-endpoint-path.js';
import type { EmulatorState } from './state.js';
import { MAX_SKEW_MS, verifyRoaRequest } from './verify-roa-request.js';

const ASYNC_FAULT_ACTIONS = new Set(['CreateCluster', 'CreateClusterNodePool']);

/** The CS (ACK) ROA endpoint: route, count, verify like the gateway, apply faults, then the handler. */
export function createCsServer(state: EmulatorState): Server {
  const nonces = new NonceCache(2 * MAX_SKEW_MS);
  let serverErrors = 0;

  return createServer((req, res) => {
    const requestId = newRequestId();
    const hostId = req.headers.host ?? 'cs.aliyuncs.com';
    void (async () => {
      try {
        const body = await readBody(req);
        const rawUrl = req.url ?? '/';
        const { endpointRegion, path } = splitEndpointPath(rawUrl.split('?')[0] ?? '/', state.regions);
        const method = req.method ?? 'GET';
        const route = matchCsRoute(method, path);
        if (route === undefined) throw businessError(404, 'InvalidAction.NotFound', `No CS API matches ${method} ${path}.`);
        state.count(route.action);
        state.journal.push({ service: 'cs', endpointRegion, action: route.action, path });
        const query = decodeQuery(new URL(rawUrl, 'http://emulator').searchParams);
        verifyRoaRequest(
          { method, path, query, headers: lowerHeaders(req), body },
          (id) => state.credentialsFor(id),
          nonces,
          state.now(),
        );

        const fault = state.faults.take(route.action);
        let asyncFault: AsyncFaultKind | undefined;
        if (fault !== undefined) {
          // Stock, quota and balance show up later, in the task that creates ECS instances.
          if (ASYNC_FAULT_ACTIONS.has(route.action) && isAsyncFault(fault)) asyncFault = fault;
          else throw csFaultError(fault, route.action, fault === 'server-error' ? serverErrors++ : 0);
        }
        const call = {
          params: route.params,
          query,
          body,
          requestId,
          ...(endpointRegion === undefined ? {} : { endpointRegion }),
          ...(asyncFault === undefined ? {} : { asyncFault }),
        };
        sendJson(res, 200, route.handler(state, call), requestId);
      } catch (error) {
        sendJson(res, ...errorReply(state, error, requestId, hostId));
      }
    })();
  });
}

function errorReply(state: EmulatorState, error: unknown, requestId: string, hostId: string): [number, unknown, string] {
  if (error instanceof ApiError) return [error.status, renderError(error, requestId, hostId), requestId];
  if (error instanceof BodyTooLargeError)
    return [413, renderError(businessError(413, 'InvalidParameter', error.message), requestId, hostId), requestId];
  state.logger?.warn({ err: String(error) }, 'emulated CS request failed unexpectedly');
  return [
    500,
    renderError(
      businessError(500, 'InternalError', 'The request processing has failed due to some unknown error.'),
      requestId,
      hostId,
    ),
    requestId,
  ];
}

/** Decoded query; repeated keys joined with `,` as pop-core signs an array value. */
function decodeQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key).join(',');
  return out;
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
