// Printers for leases, CustomResourceDefinitions (NAME, CREATED AT as an RFC 3339 time, as the API server's
// default table convertor prints), webhook configurations and the fallback NAME AGE for any other kind.
import type { KubeObject } from '../../../../api/objects.js';
import { age, parseTime } from '../duration.js';
import { CREATION_DESCRIPTION, ageCol, col, nameCol } from '../columns.js';
import type { Printer } from '../types.js';

const name = (o: KubeObject) => o.metadata?.name ?? '';

export const leasePrinter: Printer = {
  columns: [nameCol(), col('Holder', 'string', 'HolderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'), ageCol()],
  cells: (o, nowMs) => [name(o), (o.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '', age(o.metadata?.creationTimestamp, nowMs)],
};

/** RFC 3339 in UTC without fractional seconds, as Go's time.RFC3339 prints a metav1.Time. */
export function rfc3339(ts: unknown): string {
  const t = parseTime(ts);
  return t === undefined ? '' : new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const createdAtPrinter: Printer = {
  columns: [nameCol(), col('Created At', 'date', CREATION_DESCRIPTION)],
  cells: (o) => [name(o), rfc3339(o.metadata?.creationTimestamp)],
};

export const defaultPrinter: Printer = {
  columns: [nameCol(), ageCol()],
  cells: (o, nowMs) => [name(o), age(o.metadata?.creationTimestamp, nowMs)],
};

/** Mutating and ValidatingWebhookConfigurations: NAME, WEBHOOKS (how many), AGE. */
export const webhookConfigurationPrinter: Printer = {
  columns: [nameCol(), col('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'), ageCol()],
  cells: (o, nowMs) => [name(o), Array.isArray(o.webhooks) ? o.webhooks.length : 0, age(o.metadata?.creationTimestamp, nowMs)],
};
