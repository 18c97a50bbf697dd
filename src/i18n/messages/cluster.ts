import type { MessageTable } from '../text.js';

/** Cluster provisioning progress, outcomes and errors. */
export const clusterMessages: MessageTable = {};
