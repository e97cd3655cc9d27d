// The bootstrap RBAC policy objects a fresh kube-apiserver 1.26 has that kactor serves: the cluster-admin, admin,
// edit and view ClusterRoles (admin/edit/view with their aggregationRule and the rules aggregation gave them on a
// real cluster; the embedded server does not run aggregation) and the cluster-admin ClusterRoleBinding. Data only.
import type { KubeObject } from '../../../api/objects.js';

export const BOOTSTRAP_POLICY: { clusterRoles: KubeObject[]; clusterRoleBindings: KubeObject[] } = {
  "clusterRoles": [
    {
      "apiVersion": "rbac.authorization.k8s.io/v1",
      "kind": "ClusterRole",
      "metadata": {
        "name": "cluster-admin",
        "labels": {
          "kubernetes.io/bootstrapping": "rbac-defaults"
        },
        "annotations": {
          "rbac.authorization.kubernetes.io/autoupdate": "true"
        }
      },
      "rules": [
        {
          "apiGroups": [
            "*"
          ],
          "resources": [
            "*"
          ],
          "verbs": [
            "*"
          ]
        },
        {
          "nonResourceURLs": [
            "*"
          ],
          "verbs": [
            "*"
          ]
        }
      ]
    },
    {
      "apiVersion": "rbac.authorization.k8s.io/v1",
      "kind": "ClusterRole",
      "metadata": {
        "name": "admin",
        "labels": {
          "kubernetes.io/bootstrapping": "rbac-defaults"
        },
        "annotations": {
          "rbac.authorization.kubernetes.io/autoupdate": "true"
        }
      },
      "rules": [
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy",
            "secrets",
            "services/proxy"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "serviceaccounts"
          ],
          "verbs": [
            "impersonate"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods",
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods/eviction"
          ],
          "verbs": [
            "create"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "configmaps",
            "endpoints",
            "events",
            "persistentvolumeclaims",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "secrets",
            "serviceaccounts",
            "services",
            "services/proxy"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "serviceaccounts/token"
          ],
          "verbs": [
            "create"
          ]
        },
        {
          "apiGroups": [
            "apps"
          ],
          "resources": [
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "replicasets",
            "replicasets/scale",
            "statefulsets",
            "statefulsets/scale"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "autoscaling"
          ],
          "resources": [
            "horizontalpodautoscalers"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "batch"
          ],
          "resources": [
            "cronjobs",
            "jobs"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "extensions"
          ],
          "resources": [
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "ingresses",
            "networkpolicies",
            "replicasets",
            "replicasets/scale",
            "replicationcontrollers/scale"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "policy"
          ],
          "resources": [
            "poddisruptionbudgets"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "networking.k8s.io"
          ],
          "resources": [
            "ingresses",
            "networkpolicies"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "coordination.k8s.io"
          ],
          "resources": [
            "leases"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "persistentvolumeclaims/status",
            "pods",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "serviceaccounts",
            "services",
            "services/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "bindings",
            "events",
            "limitranges",
            "namespaces/status",
            "pods/log",
            "pods/status",
            "replicationcontrollers/status",
            "resourcequotas",
            "resourcequotas/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "namespaces"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "discovery.k8s.io"
          ],
          "resources": [
            "endpointslices"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "apps"
          ],
          "resources": [
            "controllerrevisions",
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "statefulsets",
            "statefulsets/scale",
            "statefulsets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "autoscaling"
          ],
          "resources": [
            "horizontalpodautoscalers",
            "horizontalpodautoscalers/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "batch"
          ],
          "resources": [
            "cronjobs",
            "cronjobs/status",
            "jobs",
            "jobs/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "extensions"
          ],
          "resources": [
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "ingresses",
            "ingresses/status",
            "networkpolicies",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "replicationcontrollers/scale"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "policy"
          ],
          "resources": [
            "poddisruptionbudgets",
            "poddisruptionbudgets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "networking.k8s.io"
          ],
          "resources": [
            "ingresses",
            "ingresses/status",
            "networkpolicies"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "authorization.k8s.io"
          ],
          "resources": [
            "localsubjectaccessreviews"
          ],
          "verbs": [
            "create"
          ]
        },
        {
          "apiGroups": [
            "rbac.authorization.k8s.io"
          ],
          "resources": [
            "rolebindings",
            "roles"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch"
          ]
        }
      ],
      "aggregationRule": {
        "clusterRoleSelectors": [
          {
            "matchLabels": {
              "rbac.authorization.k8s.io/aggregate-to-admin": "true"
            }
          }
        ]
      }
    },
    {
      "apiVersion": "rbac.authorization.k8s.io/v1",
      "kind": "ClusterRole",
      "metadata": {
        "name": "edit",
        "labels": {
          "kubernetes.io/bootstrapping": "rbac-defaults",
          "rbac.authorization.k8s.io/aggregate-to-admin": "true"
        },
        "annotations": {
          "rbac.authorization.kubernetes.io/autoupdate": "true"
        }
      },
      "rules": [
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy",
            "secrets",
            "services/proxy"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "serviceaccounts"
          ],
          "verbs": [
            "impersonate"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods",
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "pods/eviction"
          ],
          "verbs": [
            "create"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "configmaps",
            "endpoints",
            "events",
            "persistentvolumeclaims",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "secrets",
            "serviceaccounts",
            "services",
            "services/proxy"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "serviceaccounts/token"
          ],
          "verbs": [
            "create"
          ]
        },
        {
          "apiGroups": [
            "apps"
          ],
          "resources": [
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "replicasets",
            "replicasets/scale",
            "statefulsets",
            "statefulsets/scale"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "autoscaling"
          ],
          "resources": [
            "horizontalpodautoscalers"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "batch"
          ],
          "resources": [
            "cronjobs",
            "jobs"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "extensions"
          ],
          "resources": [
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "ingresses",
            "networkpolicies",
            "replicasets",
            "replicasets/scale",
            "replicationcontrollers/scale"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "policy"
          ],
          "resources": [
            "poddisruptionbudgets"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "networking.k8s.io"
          ],
          "resources": [
            "ingresses",
            "networkpolicies"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "patch",
            "update"
          ]
        },
        {
          "apiGroups": [
            "coordination.k8s.io"
          ],
          "resources": [
            "leases"
          ],
          "verbs": [
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "persistentvolumeclaims/status",
            "pods",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "serviceaccounts",
            "services",
            "services/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "bindings",
            "events",
            "limitranges",
            "namespaces/status",
            "pods/log",
            "pods/status",
            "replicationcontrollers/status",
            "resourcequotas",
            "resourcequotas/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "namespaces"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "discovery.k8s.io"
          ],
          "resources": [
            "endpointslices"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "apps"
          ],
          "resources": [
            "controllerrevisions",
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "statefulsets",
            "statefulsets/scale",
            "statefulsets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "autoscaling"
          ],
          "resources": [
            "horizontalpodautoscalers",
            "horizontalpodautoscalers/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "batch"
          ],
          "resources": [
            "cronjobs",
            "cronjobs/status",
            "jobs",
            "jobs/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "extensions"
          ],
          "resources": [
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "ingresses",
            "ingresses/status",
            "networkpolicies",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "replicationcontrollers/scale"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "policy"
          ],
          "resources": [
            "poddisruptionbudgets",
            "poddisruptionbudgets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "networking.k8s.io"
          ],
          "resources": [
            "ingresses",
            "ingresses/status",
            "networkpolicies"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        }
      ],
      "aggregationRule": {
        "clusterRoleSelectors": [
          {
            "matchLabels": {
              "rbac.authorization.k8s.io/aggregate-to-edit": "true"
            }
          }
        ]
      }
    },
    {
      "apiVersion": "rbac.authorization.k8s.io/v1",
      "kind": "ClusterRole",
      "metadata": {
        "name": "view",
        "labels": {
          "kubernetes.io/bootstrapping": "rbac-defaults",
          "rbac.authorization.k8s.io/aggregate-to-edit": "true"
        },
        "annotations": {
          "rbac.authorization.kubernetes.io/autoupdate": "true"
        }
      },
      "rules": [
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "persistentvolumeclaims/status",
            "pods",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "serviceaccounts",
            "services",
            "services/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "bindings",
            "events",
            "limitranges",
            "namespaces/status",
            "pods/log",
            "pods/status",
            "replicationcontrollers/status",
            "resourcequotas",
            "resourcequotas/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            ""
          ],
          "resources": [
            "namespaces"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "discovery.k8s.io"
          ],
          "resources": [
            "endpointslices"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "apps"
          ],
          "resources": [
            "controllerrevisions",
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "statefulsets",
            "statefulsets/scale",
            "statefulsets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "autoscaling"
          ],
          "resources": [
            "horizontalpodautoscalers",
            "horizontalpodautoscalers/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "batch"
          ],
          "resources": [
            "cronjobs",
            "cronjobs/status",
            "jobs",
            "jobs/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "extensions"
          ],
          "resources": [
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "ingresses",
            "ingresses/status",
            "networkpolicies",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "replicationcontrollers/scale"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "policy"
          ],
          "resources": [
            "poddisruptionbudgets",
            "poddisruptionbudgets/status"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        },
        {
          "apiGroups": [
            "networking.k8s.io"
          ],
          "resources": [
            "ingresses",
            "ingresses/status",
            "networkpolicies"
          ],
          "verbs": [
            "get",
            "list",
            "watch"
          ]
        }
      ],
      "aggregationRule": {
        "clusterRoleSelectors": [
          {
            "matchLabels": {
              "rbac.authorization.k8s.io/aggregate-to-view": "true"
            }
          }
        ]
      }
    }
  ],
  "clusterRoleBindings": [
    {
      "apiVersion": "rbac.authorization.k8s.io/v1",
      "kind": "ClusterRoleBinding",
      "metadata": {
        "name": "cluster-admin",
        "labels": {
          "kubernetes.io/bootstrapping": "rbac-defaults"
        },
        "annotations": {
          "rbac.authorization.kubernetes.io/autoupdate": "true"
        }
      },
      "roleRef": {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": "cluster-admin"
      },
      "subjects": [
        {
          "apiGroup": "rbac.authorization.k8s.io",
          "kind": "Group",
          "name": "system:masters"
        }
      ]
    }
  ]
};
