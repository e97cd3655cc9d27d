// The printer for custom resources, built from a CRD version's additionalPrinterColumns the way the
// apiextensions API server does: NAME, then one column per printer column; a cell is the *first* value the
// column's JSONPath selects (so `containers[*].image` shows the first image), typed per the column (integer,
// number, boolean, string, date → age); a missing or mistyped value is null (kubectl prints `<none>`).
import { age, parseTime } from '../duration.js';
import { CREATION_DESCRIPTION, nameCol } from '../columns.js';
import { findResults } from '../jsonpath.js';
import type { CRDPrinterColumn, Printer, TableColumnDefinition } from '../types.js';

const DEFAULT_COLUMNS: CRDPrinterColumn[] = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: CREATION_DESCRIPTION }];

function stringCell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** cellForJSONValue of the apiextensions table convertor. */
export function typedCell(type: string, v: unknown, nowMs: number): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string': return stringCell(v);
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date':
      if (typeof v !== 'string') return null;
      return parseTime(v) === undefined ? '<invalid>' : age(v, nowMs);
    default: return null;
  }
}

export function customPrinter(printerColumns: CRDPrinterColumn[]): Printer {
  const cols = printerColumns.length ? printerColumns : DEFAULT_COLUMNS;
  const columns: TableColumnDefinition[] = [
    nameCol(),
    ...cols.map((c) => ({
      name: c.name, type: c.type, format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, priority: c.priority ?? 0,
    })),
  ];
  return {
    columns,
    cells(obj, nowMs) {
      const cells: unknown[] = [obj.metadata?.name ?? ''];
      for (const c of cols) {
        let first: unknown;
        try { first = findResults(obj, c.jsonPath)[0]; } catch { first = undefined; }
        cells.push(typedCell(c.type, first, nowMs));
      }
      return cells;
    },
  };
}
