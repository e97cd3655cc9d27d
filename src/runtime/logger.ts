// pino JSON logs. Objects are logged by reference (`{ obj: { kind, namespace, name } }`), never whole.
import { pino, type Logger, type LevelWithSilent } from 'pino';
import type { KubeObject, ObjectRef } from '../api/index.js';
import { RuntimeOptionsError } from './errors.js';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createLogger(level: string = 'info', name = 'kactor'): Logger {
  if (!LOG_LEVELS.includes(level as LevelWithSilent)) {
    throw new RuntimeOptionsError(`options.logLevel must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
  }
  return pino({ name, level, base: { pid: process.pid } });
}

/** A compact reference for logs: kind, namespace, name. */
export function objRef(o: KubeObject | ObjectRef): { kind?: string; namespace?: string; name?: string } {
  if ('metadata' in o && o.metadata) return { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
  const r = o as ObjectRef;
  return { kind: r.kind, namespace: r.namespace, name: r.name };
}
