import type { FaultKind } from './types.js';
import type { EmulatorState } from './state.js';

/** One authenticated CS request, as handed to a route handler. */
export interface CsCall {
  /** Path parameters in route order. */
  params: string[];
  query: Record<string, string>;
  body: Buffer;
  requestId: string;
  /** The region of the endpoint called (`cs.<region>.aliyuncs.com`); undefined for the central endpoint. */
  endpointRegion?: string;
  /** An asynchronous fault (stock-out, quota, insufficient-balance) armed for this CreateCluster / CreateClusterNodePool call. */
  asyncFault?: Extract<FaultKind, 'stock-out' | 'quota' | 'insufficient-balance'>;
}

/** Returns the 200 body; throws ApiError for anything else. */
export type CsHandler = (state: EmulatorState, call: CsCall) => unknown;
