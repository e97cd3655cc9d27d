// The workload definitions the bench's controller process runs: src/workloads/index.ts's `definitions`
// once the integrator has created it; until then the StatefulSet definition alone. No top-level await:
// shard workers load this module through require (see docs/contracts.md, "Shard workers").
import statefulSetDefinition from '../../src/workloads/statefulset/index.js';
import type { WorkloadDefinition } from '../../src/runtime/workload-definition.js';

export const definitions: WorkloadDefinition[] = [statefulSetDefinition as unknown as WorkloadDefinition];
