import { describe, expect, it } from 'vitest';
import { containerProgramOf } from '../../../src/cluster/nodes/container-command.js';

const exits = (runMs: number, exitCode: number) => ({ kind: 'exits', runMs, exitCode });

describe('what a simulated container runs, from its command and args', () => {
  it.each([
    [{ command: ['sleep', '60'] }, exits(60_000, 0)],
    [{ command: ['/bin/sleep'], args: ['1.5'] }, exits(1500, 0)],
    [{ args: ['sleep', '2m'] }, exits(120_000, 0)],
    [{ command: ['sleep', '1m', '30s'] }, exits(90_000, 0)],
    [{ command: ['/bin/sh', '-c', 'sleep 60'] }, exits(60_000, 0)],
    [{ command: ['sh', '-c'], args: ['sleep 5; exit 3'] }, exits(5000, 3)],
    [{ command: ['bash', '-c', 'sleep 5 && exit 2'] }, exits(5000, 2)],
    [{ command: ['sh', '-c', 'exit 7'] }, exits(0, 7)],
    [{ command: ['sh', '-c', 'sleep 1\nsleep 2\nfalse'] }, exits(3000, 1)],
    [{ command: ['sh', '-c', 'false && sleep 9; exit'] }, exits(0, 1)],
    [{ command: ['sh', '-c', 'exit 256'] }, exits(0, 0)],
    [{ command: ['exit', '4'] }, exits(0, 4)],
    [{ command: ['true'] }, exits(0, 0)],
    [{ command: ['/bin/false'] }, exits(0, 1)],
  ])('%j runs as %j', (spec, expected) => {
    expect(containerProgramOf(spec)).toMatchObject(expected);
  });

  it('runs `sleep infinity` until stopped', () => {
    expect(containerProgramOf({ command: ['sleep', 'infinity'] })).toMatchObject({ kind: 'forever' });
    expect(containerProgramOf({ command: ['sh', '-c', 'sleep 5; sleep infinity'] })).toMatchObject({ kind: 'forever' });
  });

  it.each([
    [{}],
    [{ command: ['nginx', '-g', 'daemon off;'] }],
    [{ command: ['sh', '-c', 'for i in 3 2 1; do echo $i; done'] }],
    [{ command: ['sh', '-c', 'echo hi'] }],
    [{ command: ['sh', '-c', 'sleep 5 || exit 1'] }],
    [{ command: ['sh', '-c', 'sleep "5"'] }],
    [{ command: ['sleep'] }],
    [{ command: ['sleep', 'soon'] }],
    [{ command: ['sh', '-c', 'exit -1'] }],
  ])('does not recognise %j (the kubelet keeps its default behaviour)', (spec) => {
    expect(containerProgramOf(spec)).toBeUndefined();
  });

  it('keeps the command line for the container log', () => {
    expect(containerProgramOf({ command: ['sh', '-c'], args: ['sleep 5; exit 3'] })!.text).toBe('sh -c "sleep 5; exit 3"');
  });
});
