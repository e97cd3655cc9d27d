// API-server fidelity: a scenario is a sequence of HTTP requests sent to a fresh namespace on a server;
// the same scenario runs against a real kube-apiserver (scripts/compare-apiserver.ts records its answers
// as expectations) and against the embedded server (test/fidelity/fidelity.test.ts compares them).

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FidelityStep {
  /** Unique within the scenario, e.g. `create`, `patch-merge`, `get-after`. */
  id: string;
  method: Method;
  /**
   * Path and query. Placeholders: `{ns}` the scenario's namespace, `{rv:<stepId>}` the
   * metadata.resourceVersion the answer of an earlier step carried (objects, lists, Status.details too).
   */
  path: string;
  /** An object is sent as JSON (Content-Type application/json unless `contentType`); a string as is. `{ns}` and `{rv:…}` are replaced in strings and in object string values. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** The User-Agent sent (default `kactor-fidelity/1.0`): servers name a write's field manager after it. */
  userAgent?: string;
  /** `null`: no Authorization header (anonymous). */
  token?: null;
  /**
   * What is compared: `full` (default) the code and the normalised body; `status` the code, and for a Status its
   * reason, message, details; `code` the HTTP code only (for answers that differ by design, e.g. discovery).
   */
  compare?: 'full' | 'status' | 'code';
  /** Reduce the body before comparing (e.g. pick one resource out of a discovery document). Runs after normalising. */
  pick?: (body: any) => unknown;
  /** A watch: read newline-delimited events until `maxEvents` arrived or the server ends the stream (give `timeoutSeconds` in the path). */
  watch?: { maxEvents: number };
  /** Poll this step (at most `pollSeconds`) until `until(answer)` holds, then compare (e.g. namespace deletion finishing). */
  poll?: { until: (code: number, body: any) => boolean; pollSeconds: number };
  /** Response headers compared besides the body (lower-case names, e.g. `warning`, `content-type`). */
  headers?: string[];
}

export interface FidelityScenario {
  /** Unique across all scenarios: `<area>/<name>`, e.g. `namespaces/terminating-create`. */
  id: string;
  /** What it shows, in one line. */
  title: string;
  steps: FidelityStep[];
  /** Cluster-scoped objects the scenario creates (path); deleted after it runs on either server. */
  cleanup?: string[];
}

/** One recorded answer, normalised (names, uids, times, resourceVersions replaced by placeholders). */
export interface RecordedAnswer {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** `test/fidelity/expectations/<area>.json`: scenario id → step id → answer recorded from the real server. */
export type Expectations = Record<string, Record<string, RecordedAnswer>>;
