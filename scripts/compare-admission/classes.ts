// compare-admission: the classification of each known DIFF, by case id (`defaults:<manifest id>` for a
// defaults comparison), as judged by reading both answers. A DIFF missing here is reported as
// unclassified; an entry whose case now answers the SAME is reported as stale.
//   a — the embedded server is wrong (kube-apiserver + Kruise answer otherwise)
//   b — kactor's webhook (kactor run) answers differently from the in-process hook
//   c — the real API server's own behaviour, unrelated to the webhooks (schema wording, protocol)
//   d — the corpus case does not apply to a real cluster as sent
export type DiffClass = 'a' | 'b' | 'c' | 'd';

export interface Classification {
  cls: DiffClass;
  note: string;
}

export const CLASS_TITLES: Record<DiffClass, string> = {
  a: '(a) embedded server wrong',
  b: '(b) webhook ≠ in-process hook',
  c: '(c) real API server behaviour, not webhooks',
  d: '(d) case not applicable on a real cluster',
};

const c = (note: string): Classification => ({ cls: 'c', note });

const DECODING = c('kube-apiserver reports an undecodable body as "the object provided is unrecognized (must be of type StatefulSet): couldn\'t get version/kind; json parse error: <Go error> (<body excerpt>)"; the embedded server words it its own way. Decoding, not admission.');
const SCHEMA_WORDING = c('schema error wording: kube-apiserver also lists the anyOf failure / the scale subresource\'s ".spec.replicas accessor error"; the embedded server names the type error only. Same code, field and rule.');
const SCALE_CHECK = c('kube-apiserver\'s custom-resource strategy checks the scale subresource\'s specReplicasPath before validating webhooks run: `StatefulSet.apps.kruise.io "<name>" is invalid: .spec.replicas: Invalid value: -1: should be a non-negative integer` (422 Invalid). The embedded server has no such check, so the vstatefulset.kb.io hook denies instead (same code, other words). Not a webhook difference, but not only wording: the embedded server lacks the check.');
const SELECTOR = c('label/field selector parse errors worded as Go\'s labels/fields parsers word them; the embedded server words them its own way.');
const ANONYMOUS = (what: string): Classification => ({
  cls: 'd',
  note: `${what} — this kube-apiserver runs with anonymous auth (its default), so the request is system:anonymous and RBAC answers 403; the embedded server has no anonymous user and answers 401, as kube-apiserver does with --anonymous-auth=false. Depends on the cluster's authentication setup.`,
});
const KUBECTL_SHAPE = 'The in-process hook denies with Status{code 422, reason "Invalid", details.causes}; kactor\'s webhook (like Kruise\'s) denies with {code 422, message} only, which kube-apiserver passes on without reason or details. kubectl prints the first as "The request is invalid: <causes>" and the second as "Error from server: error when <verb> \\"STDIN\\": admission webhook \\"<name>\\" denied the request: <message>". The same reason difference is behind every "SAME (reason differs)" row.';
const PULL_POLICY = 'imagePullPolicy of a tagged image (nginx:1.25 / nginx:1.7.9) with no policy set: real (kactor run\'s webhook) "IfNotPresent", embedded (in-process hook) "Always". The in-process code is the newer one (src/workloads/common/pod-template.ts, uncommitted at the time: "Kruise sets imagePullPolicy Always on containers", as Kruise v1.8.4\'s SetDefaultPodSpec does); the kactor run process predates that change. Disappears once kactor run is restarted on the same code.';

export const CLASSIFICATIONS: Record<string, Classification> = {
  // (a) the embedded server is wrong
  'acj-successful-history-negative': { cls: 'a', note: 'The embedded server\'s AdvancedCronJob CRD (deploy/crds) has `minimum: 0` on spec.successfulJobsHistoryLimit; Kruise v1.8.4\'s CRD has none, so on a real cluster the schema lets -1 through and the webhook denies it: 422 (no reason) `admission webhook "vadvancedcronjob.kb.io" denied the request: spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0`. Embedded: 422 Invalid `AdvancedCronJob.apps.kruise.io "a8" is invalid: spec.successfulJobsHistoryLimit: Invalid value: -1: spec.successfulJobsHistoryLimit in body should be greater than or equal to 0`. Fix: drop the minimum from the CRD (see the CRD section).' },
  'acj-failed-history-negative': { cls: 'a', note: 'As acj-successful-history-negative, for spec.failedJobsHistoryLimit (-2): the embedded CRD\'s `minimum: 0` (absent from Kruise v1.8.4\'s CRD) rejects with schema wording where the real cluster\'s webhook denies with "must be greater than or equal to 0".' },
  'acj-starting-deadline-negative': { cls: 'a', note: 'As acj-successful-history-negative, for spec.startingDeadlineSeconds (-2): the embedded CRD\'s `minimum: 0` (absent from Kruise v1.8.4\'s CRD) rejects with schema wording where the real cluster\'s webhook denies with "must be greater than or equal to 0".' },
  // (b) kactor's webhook vs the in-process hook
  'sts-unordered-with-ordered': { cls: 'b', note: 'Same rule, field and code; the Invalid value is rendered in the key order of the JSON the hook received: kube-apiserver re-encodes the object with sorted keys before calling the webhook ({"matchSelector":…,"weight":50}), the in-process hook sees the client\'s order ({"weight":50,"matchSelector":…}). The rendering should not depend on the input\'s key order (Kruise\'s Go struct order is weight, matchSelector).' },
  'kubectl-cron-61': { cls: 'b', note: KUBECTL_SHAPE },
  'kubectl-immutable-policy': { cls: 'b', note: KUBECTL_SHAPE },
  'defaults:02-sts-RollingUpdate-InPlaceIfPossible.yaml#0 StatefulSet/web': { cls: 'b', note: PULL_POLICY },
  'defaults:corpus seed StatefulSet/web': { cls: 'b', note: PULL_POLICY },
  'defaults:corpus seed BroadcastJob/probe': { cls: 'b', note: PULL_POLICY },
  'defaults:corpus seed AdvancedCronJob/nightly': { cls: 'b', note: PULL_POLICY },
  // (c) the real API server's own behaviour
  'json-truncated': DECODING,
  'json-trailing-garbage': DECODING,
  'json-yaml-as-json': DECODING,
  'json-empty-body': DECODING,
  'json-array-body': DECODING,
  'json-null-body': DECODING,
  'json-invalid-utf8': c('kube-apiserver reads the kind first and answers 400 "Object \'Kind\' is missing in …" for a body without kind; the embedded server decodes the invalid UTF-8 name (U+FFFD) and answers 422 on metadata.name.'),
  'merge-patch-truncated': c('Go says "unexpected end of JSON input", the embedded server "Unexpected end of JSON input" (JavaScript\'s capital U).'),
  'json-patch-not-a-list': c('Go\'s "json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp" vs the embedded server\'s own words.'),
  'content-type-text': c('For a create, kube-apiserver lists the body types it accepts ("application/json, application/yaml, application/vnd.kubernetes.protobuf"); the embedded server lists the patch types and appends "(got text/plain)".'),
  'content-type-xml': c('As content-type-text: the embedded server lists the patch types for a POST and appends "(got application/xml)".'),
  'patch-content-type-json': c('Same list of patch types; the embedded server appends "(got application/json)".'),
  'name-missing': c('kube-apiserver names the object "" ("StatefulSet.apps.kruise.io \\"\\" is invalid"); the embedded server leaves the name out.'),
  'kind-mismatch': c('kube-apiserver 1.26 accepts a custom resource whose body kind is another kind (201; the stored object is a StatefulSet) — the corpus\'s 400 is not what kube-apiserver does here.'),
  'resource-version-on-create': c('Same message; kube-apiserver answers it with 500 (no reason), the embedded server with 400 BadRequest.'),
  'dry-run-unknown': c('kube-apiserver validates CreateOptions: 422 Invalid "CreateOptions.meta.k8s.io \\"\\" is invalid: dryRun: Unsupported value: []string{\\"Maybe\\"}: supported values: \\"All\\""; embedded 400.'),
  'label-selector-unclosed': SELECTOR,
  'label-selector-no-key': SELECTOR,
  'label-selector-bad-value': SELECTOR,
  'field-selector-no-operator': SELECTOR,
  'kubectl-label-selector': SELECTOR,
  'watch-resource-version-abc': c('kube-apiserver answers an unparsable watch resourceVersion with 500 (etcd3 ParseUint error); the embedded server with 400.'),
  'watch-resource-version-negative': c('kube-apiserver answers a negative watch resourceVersion with 500 (etcd3 ParseUint error); the embedded server with 400.'),
  'list-limit-negative': c('kube-apiserver ignores limit=-1 (200, the whole list); the embedded server answers 400.'),
  'list-continue-garbage': c('Both 400; kube-apiserver words the bad continue token "invalid continue token: continue key is not valid: <Go error>".'),
  'nesting-10k-preserved': DECODING,
  'nesting-10k-pruned': DECODING,
  'sts-replicas-string': SCHEMA_WORDING,
  'sts-maxunavailable-bool': SCHEMA_WORDING,
  'sts-update-replicas-string': SCHEMA_WORDING,
  'ds-maxsurge-bool': SCHEMA_WORDING,
  'bj-parallelism-bool': SCHEMA_WORDING,
  'kubectl-replicas-string': SCHEMA_WORDING,
  'sts-negative-replicas': SCALE_CHECK,
  'sts-update-negative-replicas': SCALE_CHECK,
  'kubectl-replicas-negative': c(`${SCALE_CHECK.note} (kubectl then also prints the in-process denial as "The request is invalid: …", see kubectl-cron-61.)`),
  'sts-scale-negative': c('kube-apiserver applies the Scale to the StatefulSet and validates the StatefulSet (its scale check: `StatefulSet.apps.kruise.io "web" is invalid: .spec.replicas: Invalid value: -3: should be a non-negative integer`); the embedded server validates the Scale object (`Scale.autoscaling "web" is invalid: spec.replicas: …must be greater than or equal to 0`).'),
  // (d) the case does not apply as sent
  'token-basic-auth': ANONYMOUS('a Basic Authorization header (kube-apiserver ≥ 1.19 ignores basic auth)'),
  'sts-status-wrong-type': { cls: 'd', note: 'On the real cluster kactor run\'s controller has written the seeded StatefulSet\'s full status, so the patched status only has the type error; the embedded server has no controller, the seed has no status, and the patched status also misses the required availableReplicas/currentReplicas/readyReplicas/updatedReplicas. The corpus assumes no controller.' },
};
