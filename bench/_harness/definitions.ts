// The workload definitions the bench's controller process runs: all four, from src/workloads/index.ts
// (what `kactor run` loads). No top-level await: shard workers load this module through require
// (see docs/contracts.md, "Shard workers").
export { definitions } from '../../src/workloads/index.js';
