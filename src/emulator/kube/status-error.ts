/** A Kubernetes API failure, carried as an exception and written to the wire as a `Status` object. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Unauthorized'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Unauthorized: 401,
  Forbidden: 403,
  BadRequest: 400,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
  InternalError: 500,
};

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
}

export class KubeStatusError extends Error {
  readonly code: number;

  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeStatusError';
    this.code = CODES[reason];
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods "x" not found`, or `deployments.apps "x" not found` for a named group, as the apiserver words it. */
export function notFound(resource: string, group: string, name: string): KubeStatusError {
  return new KubeStatusError('NotFound', `${qualified(resource, group)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

export function alreadyExists(resource: string, group: string, name: string): KubeStatusError {
  return new KubeStatusError('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

export function conflict(resource: string, group: string, name: string): KubeStatusError {
  return new KubeStatusError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    { name, ...(group ? { group } : {}), kind: resource },
  );
}

export function invalid(kind: string, group: string, name: string, field: string, problem: string): KubeStatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new KubeStatusError('Invalid', `${qualifiedKind} "${name}" is invalid: ${field}: ${problem}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: problem, field }],
  });
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}
