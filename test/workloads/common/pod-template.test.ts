// Pod-template defaults the Kruise webhooks apply (Kruise v1.8.4 SetDefaultPodSpec over Kubernetes 1.30's
// SetDefaults_*), field by field: a template in, the exact template out.
import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../../src/api/index.js';
import { defaultPodSpec, defaultPodTemplate } from '../../../src/workloads/common/pod-template.js';

const POD = { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' };
const TERMINATION = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const PROBE = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const spec = (s: Record<string, unknown>) => defaultPodSpec(s as unknown as PodSpec);

describe('pod-spec defaults, field by field', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['pod fields; containers get imagePullPolicy Always whatever the tag (Kruise, for in-place update)',
      { containers: [{ name: 'a', image: 'nginx:1.25' }, { name: 'b', image: 'nginx' }] },
      { ...POD, containers: [{ name: 'a', image: 'nginx:1.25', imagePullPolicy: 'Always', ...TERMINATION }, { name: 'b', image: 'nginx', imagePullPolicy: 'Always', ...TERMINATION }] }],
    ['init containers: imagePullPolicy by tag (SetDefaults_Container)',
      { containers: [], initContainers: [{ name: 'i', image: 'busybox:1.36' }, { name: 'j', image: 'busybox' }] },
      { ...POD, containers: [], initContainers: [{ name: 'i', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', ...TERMINATION }, { name: 'j', image: 'busybox', imagePullPolicy: 'Always', ...TERMINATION }] }],
    ['set values kept; empty strings are unset (Go zero values)',
      { dnsPolicy: '', restartPolicy: 'Never', schedulerName: '', terminationGracePeriodSeconds: 0, securityContext: { runAsUser: 1 }, containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'Never', terminationMessagePath: '', terminationMessagePolicy: 'FallbackToLogsOnError' }] },
      { ...POD, restartPolicy: 'Never', terminationGracePeriodSeconds: 0, securityContext: { runAsUser: 1 }, containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'Never', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'FallbackToLogsOnError' }] }],
    ['ports TCP, env fieldRef v1, probes (0 is unset), HTTP get path and scheme, lifecycle HTTP handlers',
      { containers: [{
        name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent', ...TERMINATION,
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'V', value: '1' }],
        livenessProbe: { httpGet: { port: 80 }, timeoutSeconds: 0 }, readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 }, startupProbe: { exec: { command: ['true'] } },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } }, postStart: { exec: { command: ['true'] } } },
      }] },
      { ...POD, containers: [{
        name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent', ...TERMINATION,
        ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } }, { name: 'V', value: '1' }],
        livenessProbe: { ...PROBE, httpGet: { port: 80, path: '/', scheme: 'HTTP' } }, readinessProbe: { ...PROBE, periodSeconds: 5, tcpSocket: { port: 80 } }, startupProbe: { ...PROBE, exec: { command: ['true'] } },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/stop', scheme: 'HTTP' } }, postStart: { exec: { command: ['true'] } } },
      }] }],
    ['ephemeral containers: ports, env and probes only (no pull policy, no termination message)',
      { containers: [], ephemeralContainers: [{ name: 'dbg', image: 'busybox', ports: [{ containerPort: 1 }] }] },
      { ...POD, containers: [], ephemeralContainers: [{ name: 'dbg', image: 'busybox', ports: [{ containerPort: 1, protocol: 'TCP' }] }] }],
    ['volumes: emptyDir when no source; modes, hostPath type, projections, legacy sources',
      { containers: [], volumes: [
        { name: 'bare' },
        { name: 'cm', configMap: { name: 'c' } },
        { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
        { name: 'hp', hostPath: { path: '/x' } },
        { name: 'dapi', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] } }] } },
        { name: 'is', iscsi: { targetPortal: 'p', iqn: 'q', lun: 0 } },
        { name: 'r', rbd: { monitors: ['m'], image: 'i' } },
        { name: 'az', azureDisk: { diskName: 'd', diskURI: 'u' } },
        { name: 'sio', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } } },
        { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } },
      ] },
      { ...POD, containers: [], volumes: [
        { name: 'bare', emptyDir: {} },
        { name: 'cm', configMap: { name: 'c', defaultMode: 420 } },
        { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
        { name: 'hp', hostPath: { path: '/x', type: '' } },
        { name: 'dapi', downwardAPI: { defaultMode: 420, items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] } },
        { name: 'proj', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }] } }] } },
        { name: 'is', iscsi: { targetPortal: 'p', iqn: 'q', lun: 0, iscsiInterface: 'default' } },
        { name: 'r', rbd: { monitors: ['m'], image: 'i', pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' } },
        { name: 'az', azureDisk: { diskName: 'd', diskURI: 'u', cachingMode: 'ReadWrite', kind: 'Shared', fsType: 'ext4', readOnly: false } },
        { name: 'sio', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' }, storageMode: 'ThinProvisioned', fsType: 'xfs' } },
        { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } },
      ] }],
  ])('%s', (_name, input, output) => {
    expect(spec(input)).toEqual(output);
  });

  it('idempotent, the input untouched, template metadata kept', () => {
    const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'a', image: 'x', livenessProbe: { httpGet: { port: 1 } } }] } as unknown as PodSpec };
    const copy = structuredClone(template);
    const once = defaultPodTemplate(template);
    expect(template).toEqual(copy);
    expect(once.metadata).toEqual({ labels: { a: 'b' } });
    expect(defaultPodTemplate(once)).toEqual(once);
  });
});
