// API errors as Kubernetes reports them: every failure leaves the server as a meta/v1 Status object.
// `ApiError` carries the HTTP code, the Status reason and details; helpers build the common ones with
// the exact message shapes kube-apiserver uses (kubectl and client libraries show them verbatim).

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly code = 'ApiError';
  /** The Status's ListMeta (an expired continue token's replacement). */
  listMeta?: { continue?: string };
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toStatus(): Record<string, unknown> {
    const status = statusObject('Failure', this.httpStatus, this.reason, this.message, this.details);
    if (this.listMeta) status.metadata = this.listMeta;
    return status;
  }
}

export function statusObject(status: 'Success' | 'Failure', code: number, reason: string, message: string, details?: StatusDetails): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status };
  if (message) out.message = message;
  if (reason) out.reason = reason;
  if (details) out.details = orderedDetails(details);
  out.code = code;
  return out;
}

/** StatusDetails with its fields in the order kube-apiserver writes them (name, group, kind, uid, causes, retryAfterSeconds). */
function orderedDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes) out.causes = d.causes.map((c) => (c.field === undefined ? { reason: c.reason, message: c.message } : { reason: c.reason, message: c.message, field: c.field }));
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/** `pods "x"` or `statefulsets.apps.kruise.io "x"`: how Kubernetes names a resource in messages. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const notFound = (group: string, plural: string, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, { name, group: group || undefined, kind: plural });

export const alreadyExists = (group: string, plural: string, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, { name, group: group || undefined, kind: plural });

export const conflict = (group: string, plural: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`, { name, group: group || undefined, kind: plural });

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (message: string): ApiError => new ApiError(403, 'Forbidden', message);

/** What kube-apiserver answers a verb a resource does not serve (no verb or path in the text, empty details). */
export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (contentType: string): ApiError =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType || 'none'})`);

export const tooLarge = (limit: number): ApiError =>
  new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

export const gone = (message: string): ApiError => new ApiError(410, 'Expired', message);

export const invalid = (kind: string, group: string, name: string, causes: StatusCause[]): ApiError => {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  // As Go's aggregate error: identical messages once, brackets only around several.
  const lines = [...new Set(causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)))];
  const summary = lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${summary}`, { name: name || undefined, group: group || undefined, kind, causes });
};

export const internalError = (err: unknown): ApiError =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
