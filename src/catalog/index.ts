export * from './gpu-catalog.js';
export type * from './types.js';
