// Typed errors of the bench harness (literal `code`, precise messages).
export class BenchOptionsError extends Error {
  readonly code = 'BenchOptionsError';
}

export class BenchTimeoutError extends Error {
  readonly code = 'BenchTimeout';
}

export class ControllerProcessError extends Error {
  readonly code = 'ControllerProcessError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
