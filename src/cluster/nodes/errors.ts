// Typed errors of the simulated nodes: each carries a literal `code`. API failures are the runtime's
// ApiError (the simulator reuses the runtime's REST client); helpers here classify them.
import { ApiError } from '../../runtime/errors.js';

export class SimulatorOptionsError extends Error {
  readonly code = 'InvalidSimulatorOptions';
}

/** A node name `kactor node add/remove` or addNode cannot use. */
export class NodeNameError extends Error {
  readonly code = 'InvalidNodeName';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.statusCode === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.statusCode === 409;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.statusCode === 409 && err.reason === 'AlreadyExists';
}
