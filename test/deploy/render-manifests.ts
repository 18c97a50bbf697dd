import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const KUBERNETES_DIR = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url));
export const OVERLAYS = ['slack-http', 'slack-socket-mode', 'dingtalk', 'external-redis'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** A rendered Kubernetes object, loosely typed: the schema validation is what types it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl kustomize <overlay>`: exactly what `kubectl apply -k` would send. */
export async function renderOverlay(overlay: Overlay): Promise<K8sObject[]> {
  const { stdout } = await promisify(execFile)('kubectl', ['kustomize', `${KUBERNETES_DIR}overlays/${overlay}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${overlay}: ${document.errors[0]?.message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null && Object.keys(object).length > 0);
}

interface SchemaModel {
  validate(): void;
}

/**
 * Validates an object against the Kubernetes OpenAPI schema of its apiVersion and kind, with the
 * kubernetes-models package (generated from Kubernetes' own OpenAPI definitions; ajv underneath).
 * An apiVersion/kind without a schema there is an error too: Kubernetes would not know it either.
 */
export async function validateAgainstSchema(object: K8sObject): Promise<void> {
  let module: Record<string, new (data: unknown) => SchemaModel>;
  try {
    module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as typeof module;
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion} ${object.kind}`, {
      cause: error,
    });
  }
  const Model = module[object.kind];
  if (!Model) throw new Error(`${object.kind} ${object.metadata.name}: no model ${object.kind} in ${object.apiVersion}`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
