// Typed errors of the runtime: API errors by HTTP status (with Retry-After), conflicts that ask the
// actor to re-plan, and option errors. Each carries a literal `code` and, where relevant, a `cause`.

/** The Kubernetes `Status` body an API server returns with an error. */
export interface ApiStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: unknown;
}

export type ApiErrorCode =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'TooManyRequests'
  | 'ServerError'
  | 'Timeout'
  | 'Network'
  | 'Unknown';

export function apiErrorCodeOf(status: number): ApiErrorCode {
  switch (status) {
    case 0:
      return 'Network';
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 504:
      return 'Timeout';
    default:
      return status >= 500 ? 'ServerError' : 'Unknown';
  }
}

/** A failed API call. `statusCode` 0 means no HTTP answer (socket error, timeout before headers). */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly status: ApiStatus | undefined;

  constructor(message: string, statusCode: number, opts: { status?: ApiStatus; retryAfterMs?: number; cause?: unknown; code?: ApiErrorCode } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = opts.code ?? apiErrorCodeOf(statusCode);
    this.status = opts.status;
    this.reason = opts.status?.reason;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** AlreadyExists is a 409 too; kept apart from optimistic-concurrency conflicts. */
  get isAlreadyExists(): boolean {
    return this.statusCode === 409 && this.reason === 'AlreadyExists';
  }

  /** 429, 5xx and network errors are worth retrying as they are. */
  get isRetryable(): boolean {
    return this.statusCode === 0 || this.statusCode === 429 || this.statusCode >= 500;
  }
}

export function isApiError(err: unknown, statusCode?: number): err is ApiError {
  return err instanceof ApiError && (statusCode === undefined || err.statusCode === statusCode);
}

/** A write hit a conflict (409) or a precondition: the turn ends and the actor plans again from the cache. */
export class ReplanError extends Error {
  readonly code = 'Replan';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ReplanError';
  }
}

/** A Plan phase failed: the turn ends; the actor retries with backoff. */
export class WriteFailedError extends Error {
  readonly code = 'WriteFailed';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'WriteFailedError';
  }
}

export class RuntimeOptionsError extends Error {
  readonly code = 'InvalidOptions';
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeOptionsError';
  }
}
