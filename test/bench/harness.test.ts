// Pure pieces of the bench harness: Prometheus text parsing, the ideal step curve, downsampling that
// keeps peaks, the SVG chart.
import { describe, expect, it } from 'vitest';
import { memoryOf, parsePrometheusText, requestsByVerb } from '../../bench/_harness/controller.js';
import { stepCurve } from '../../bench/_harness/phase.js';
import { downsample, lineChart, niceTicks } from '../../bench/_harness/svg.js';

describe('bench harness', () => {
  it('reads request counts by verb and process memory from Prometheus text', () => {
    const s = parsePrometheusText([
      '# HELP kactor_api_requests_total x',
      'kactor_api_requests_total{verb="create",code="201"} 10',
      'kactor_api_requests_total{verb="create",code="409"} 2',
      'kactor_api_requests_total{verb="update",code="200"} 5',
      'process_resident_memory_bytes 104857600',
      'nodejs_heap_size_used_bytes 5.5e7',
    ].join('\n'));
    expect(requestsByVerb(s)).toEqual({ create: 12, update: 5 });
    expect(memoryOf(s)).toMatchObject({ rssBytes: 104857600, heapUsedBytes: 55_000_000 });
  });

  it('the ideal curve of 100 pods at 10 per wave of 1 s reaches 100 at 10 s', () => {
    const c = stepCurve(100, 10, 1000);
    expect(c[0]).toEqual([0, 0]);
    expect(c[1]).toEqual([1000, 10]);
    expect(c[c.length - 1]).toEqual([10_000, 100]);
    expect(c).toHaveLength(11);
  });

  it('downsampling keeps the peak of each bucket', () => {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < 10_000; i++) pts.push([i, i === 5_001 ? 99 : 1]);
    const d = downsample(pts, 100, true);
    expect(d.length).toBeLessThan(300);
    expect(Math.max(...d.map((p) => p[1]))).toBe(99);
  });

  it('draws every series and limit line with a legend, axes on nice ticks', () => {
    expect(niceTicks(97)).toEqual([0, 20, 40, 60, 80, 100]);
    const svg = lineChart({
      title: 't', xLabel: 's', yLabel: 'pods',
      series: [{ name: 'measured', points: [[0, 0], [1, 5]], color: 'red', step: true }, { name: 'ideal', points: [[0, 0], [2, 5]], color: 'gray', dashed: true }],
      lines: [{ y: 3, label: 'limit 3', color: 'black' }],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('limit 3');
    expect(svg).toContain('stroke-dasharray="6 4"');
  });
});

describe('bench arguments', () => {
  it('passes scenario flags through with their values, in both spellings', async () => {
    const { parseBenchArgs, intFlag } = await import('../../bench/_harness/args.js');
    const a = parseBenchArgs(['--quick', '--sets', '100', '--replicas=7', '--workers', '2', '--dry']);
    expect(a.quick).toBe(true);
    expect(a.workers).toBe(2);
    expect(a.extra).toEqual({ sets: '100', replicas: '7', dry: true });
    expect(intFlag(a, 'sets', 1)).toBe(100);
    expect(intFlag(a, 'missing', 5)).toBe(5);
    expect(() => intFlag(a, 'dry', 1)).toThrow('--dry needs a value');
  });
});
