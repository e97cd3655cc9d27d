// Column definitions shared by the printers, with the descriptions Kubernetes 1.26 takes from its API docs.
import type { TableColumnDefinition } from './types.js';

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names';
export const CREATION_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function col(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const nameCol = (): TableColumnDefinition => col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
export const ageCol = (): TableColumnDefinition => col('Age', 'string', CREATION_DESCRIPTION);
export const containersCol = (): TableColumnDefinition => col('Containers', 'string', 'Names of each container in the template.', 1);
export const imagesCol = (): TableColumnDefinition => col('Images', 'string', 'Images referenced by each container in the template.', 1);
export const selectorCol = (): TableColumnDefinition => col('Selector', 'string', 'Label selector', 1);
