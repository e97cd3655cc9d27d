// A hint printed at start on a Node older than 22: kactor works there, but Node 20 is past its end of life
// (April 2026) and its V8 spends much of a burst compiling and collecting on helper threads (README:
// Benchmarks, cron-burst on Node 20, 22 and 24).
export function nodeVersionHint(version = process.versions.node): string | undefined {
  const major = Number(version.split('.')[0]);
  if (!(major < 22)) return undefined;
  return `Node ${version} works, but Node 22 or 24 runs kactor faster (Node ${major} is past its end of life)`;
}
