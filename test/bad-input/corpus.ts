// Bad-input corpus (issue 10): every case, table-driven. Each case gives the input exactly as sent
// (raw bytes + content type + verb + path, or a kubectl command), the expected HTTP code and Status
// reason, the field path the message must name and the rule it checks. corpus.test.ts runs them all
// against one embedded API server with the workloads' admission hooks and checks after each one that
// nothing already stored changed.
import type { BadInputCase } from './case.js';
import { KUBECTL_CASES } from './cases-kubectl.js';
import { PROTOCOL_CASES } from './cases-protocol.js';
import { STATEFULSET_CASES } from './cases-statefulset.js';
import { ADVANCEDCRONJOB_CASES, BROADCASTJOB_CASES, DAEMONSET_CASES } from './cases-workloads.js';

export type { BadInputCase, CaseInput, Expectation } from './case.js';

export const CORPUS: readonly BadInputCase[] = [
  ...PROTOCOL_CASES,
  ...STATEFULSET_CASES,
  ...DAEMONSET_CASES,
  ...BROADCASTJOB_CASES,
  ...ADVANCEDCRONJOB_CASES,
  ...KUBECTL_CASES,
];

/** Cases whose ids repeat (the table must name each case once). */
export function duplicateIds(cases: readonly BadInputCase[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const c of cases) {
    if (seen.has(c.id)) dup.push(c.id);
    seen.add(c.id);
  }
  return dup;
}
