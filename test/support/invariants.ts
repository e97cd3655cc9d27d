// Test helper: an invariant monitor for e2e tests. It watches a workload and its pods (plain list+watch
// over HTTPS with the test cluster's kubeconfig — deliberately not the runtime's informer, so it shares no
// bug with the code under test) and runs every check after EVERY event. A check is a small pluggable
// object (`Invariant`); violations are recorded with the event that caused them, and a check may expose a
// gauge (e.g. unavailable pods) whose peak the monitor keeps. StatefulSet checks live in
// invariants/statefulset.ts; DaemonSet / BroadcastJob tests add `podsPerNode()` or their own. `feed()` is
// synchronous so checks are unit-testable with synthetic events (test/support/invariants.test.ts).
export * from './invariants/monitor.js';
export * from './invariants/pod-facts.js';
export * from './invariants/statefulset.js';
export * from './invariants/per-node.js';
export * from './invariants/watch.js';
