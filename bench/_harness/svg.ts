// A small SVG line-chart renderer for the reports (no dependency): numeric x/y axes with "nice" ticks,
// several series (solid, dashed, step), horizontal reference lines (limits), a legend. Pure: options in,
// SVG text out.

export interface ChartSeries {
  name: string;
  /** [x, y] points, x ascending. */
  points: Array<[number, number]>;
  color: string;
  dashed?: boolean;
  /** Draw as a step function (hold y until the next x). */
  step?: boolean;
}

export interface ChartLine {
  y: number;
  label: string;
  color: string;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  lines?: ChartLine[];
  /** @default 720 × 300 */
  width?: number;
  height?: number;
  /** Lower bound of the y range's top. */
  yMin?: number;
}

const PAD = { left: 56, right: 16, top: 34, bottom: 62 };

export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(Math.round((ticks[ticks.length - 1]! + step) * 1e6) / 1e6);
  return ticks;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 1 ? 2 : 1);
}

export function lineChart(o: ChartOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 300;
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  let xMax = 0;
  let yMax = o.yMin ?? 0;
  for (const s of o.series) for (const [x, y] of s.points) {
    if (x > xMax) xMax = x;
    if (y > yMax) yMax = y;
  }
  for (const l of o.lines ?? []) if (l.y > yMax) yMax = l.y;
  const xt = niceTicks(xMax || 1);
  const yt = niceTicks(yMax || 1);
  const X = (x: number) => PAD.left + (x / xt[xt.length - 1]!) * pw;
  const Y = (y: number) => PAD.top + ph - (y / yt[yt.length - 1]!) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(o.title)}</text>`);
  for (const v of yt) {
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
  }
  for (const v of xt) {
    parts.push(`<line x1="${X(v).toFixed(1)}" x2="${X(v).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + ph}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${X(v).toFixed(1)}" y="${PAD.top + ph + 14}" text-anchor="middle">${fmt(v)}</text>`);
  }
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + ph}" stroke="#333"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${PAD.top + ph}" y2="${PAD.top + ph}" stroke="#333"/>`);
  parts.push(`<text x="${PAD.left + pw / 2}" y="${PAD.top + ph + 30}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${PAD.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  for (const l of o.lines ?? []) {
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${Y(l.y).toFixed(1)}" y2="${Y(l.y).toFixed(1)}" stroke="${l.color}" stroke-dasharray="2 3" stroke-width="1.5"/>`);
  }
  for (const s of o.series) {
    if (s.points.length === 0) continue;
    let d = '';
    let prevY: number | undefined;
    for (const [x, y] of s.points) {
      if (d === '') d = `M${X(x).toFixed(1)} ${Y(y).toFixed(1)}`;
      else if (s.step && prevY !== undefined) d += `H${X(x).toFixed(1)}V${Y(y).toFixed(1)}`;
      else d += `L${X(x).toFixed(1)} ${Y(y).toFixed(1)}`;
      prevY = y;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
  }
  const legend = [...o.series.map((s) => ({ name: s.name, color: s.color, dash: s.dashed ? '6 4' : '' })), ...(o.lines ?? []).map((l) => ({ name: l.label, color: l.color, dash: '2 3' }))];
  let lx = PAD.left;
  const ly = H - 12;
  for (const item of legend) {
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${item.color}" stroke-width="2"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`);
    parts.push(`<text x="${lx + 26}" y="${ly}">${esc(item.name)}</text>`);
    lx += 44 + item.name.length * 6.4;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Reduces a long series to at most `buckets` points per x-bucket keeping each bucket's last value and,
 * when `keepMax`, its maximum (so peaks survive downsampling).
 */
export function downsample(points: Array<[number, number]>, buckets = 400, keepMax = false): Array<[number, number]> {
  if (points.length <= buckets * 2) return points;
  const xMax = points[points.length - 1]![0] || 1;
  const out: Array<[number, number]> = [];
  let b = -1;
  let max: [number, number] | undefined;
  let last: [number, number] | undefined;
  const flush = () => {
    if (keepMax && max && last && max !== last) out.push(max);
    if (last) out.push(last);
  };
  for (const p of points) {
    const nb = Math.floor((p[0] / xMax) * buckets);
    if (nb !== b) {
      flush();
      b = nb;
      max = p;
    } else if (p[1] > max![1]) max = p;
    last = p;
  }
  flush();
  return out;
}
