import { DEFAULT_NOTEBOOK_CONFIG, type NotebookConfig } from '../../config/config.js';
import type { JobDeps } from '../job-context.js';

/** The configured notebook settings, or the documented defaults when the deps carry none. */
export function notebookSettings(deps: JobDeps): NotebookConfig {
  return deps.notebook ?? DEFAULT_NOTEBOOK_CONFIG;
}
