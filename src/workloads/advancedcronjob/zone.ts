// Time zones for schedules: checking an IANA name as Go's time.LoadLocation would, and formatting an
// instant as RFC 3339 with the zone's offset (`2022-03-12T08:37:00+08:00`, `Z` for a zero offset).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Go's LoadLocation error for a zone name, or undefined when it loads. "" and "UTC" are UTC. */
export function timeZoneLoadError(zone: string): string | undefined {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return undefined;
  // Go reads zone files by path: names are case-sensitive and offsets like "+05:00" are not zones.
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(zone)) return `unknown time zone ${zone}`;
  let resolved: string;
  try {
    resolved = formatterFor(zone).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone ${zone}`;
  }
  // ICU canonicalises aliases (Asia/Calcutta → Asia/Kolkata), which Go accepts too, but it also accepts
  // any letter case, which Go does not.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) return `unknown time zone ${zone}`;
  return undefined;
}

/** Offset of `zone` from UTC at instant `ms`, in whole seconds (positive east of Greenwich). */
export function zoneOffsetSeconds(ms: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const secMs = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(secMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((wall - secMs) / 1000);
}

/** RFC 3339 with seconds precision in `zone` (Go's time.RFC3339 layout). */
export function formatRfc3339InZone(ms: number, zone: string): string {
  const offset = zoneOffsetSeconds(ms, zone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 1000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
