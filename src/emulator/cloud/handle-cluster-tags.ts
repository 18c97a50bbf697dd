import { businessError } from './api-errors.js';
import { NO_BODY, type CsHandler } from './cs-call.js';
import { findCluster } from './handle-cluster-reads.js';
import { validateTagList } from './validate-create-cluster.js';

/**
 * POST /clusters/{id}/tags (ModifyClusterTags): the body is the array of tags, the answer an empty
 * 200. The emulator replaces the cluster's whole tag set with it (the stricter reading of "modify":
 * a client that sends only the tags it changes loses the others here, so it must send them all).
 */
export const handleModifyClusterTags: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  let raw: unknown;
  try {
    raw = JSON.parse(call.body.toString('utf8'));
  } catch {
    throw businessError(400, 'InvalidParameter', 'The request body is not valid JSON.');
  }
  cluster.tags = validateTagList(raw, 'body');
  cluster.updated = state.now();
  return NO_BODY;
};
