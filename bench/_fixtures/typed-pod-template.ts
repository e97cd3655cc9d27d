// Fixture shared by bench/micro.ts and the validator test: a fully typed (not schemaless) pod-template
// schema and a 100-container object, so every container field is walked, pruned and checked.
import type { JSONSchemaProps } from '../../src/cluster/apiserver/schema/types.js';

// A fully typed (not schemaless) pod template, so every container field is walked, pruned and checked.
export const str: JSONSchemaProps = { type: 'string' };
export const container: JSONSchemaProps = {
  type: 'object',
  required: ['name'],
  properties: {
    name: str, image: str, imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], default: 'IfNotPresent' },
    command: { type: 'array', items: str }, args: { type: 'array', items: str },
    ports: { type: 'array', items: { type: 'object', properties: { name: str, containerPort: { type: 'integer', minimum: 1, maximum: 65535 }, protocol: { type: 'string', default: 'TCP' } } } },
    env: { type: 'array', items: { type: 'object', properties: { name: str, value: str } } },
    resources: { type: 'object', properties: { requests: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } }, limits: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } } } },
  },
};
export const schema: JSONSchemaProps = {
  type: 'object',
  properties: { spec: { type: 'object', properties: { template: { type: 'object', properties: { metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, spec: { type: 'object', properties: { containers: { type: 'array', items: container } } } } } } } },
};
export const containers = Array.from({ length: 100 }, (_, i) => ({
  name: `c${i}`, image: `nginx:1.${i}`, command: ['/bin/sh', '-c', 'sleep 1'],
  ports: [{ name: 'web', containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' } }, unknown: true,
}));
export const object = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers } } } };

