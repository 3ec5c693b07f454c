# shellcheck shell=bash
# Manifests and kubectl steps that several end-to-end scenarios share (sourced after testlib.sh).

deployment() { # deployment NAMESPACE NAME [SERVICEACCOUNT [IMAGE]]
  local sa_line=""
  [ -z "${3:-}" ] || sa_line="serviceAccountName: $3"
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $2
  namespace: $1
spec:
  replicas: 1
  selector:
    matchLabels: {app: $2}
  template:
    metadata:
      labels: {app: $2}
    spec:
      ${sa_line}
      containers:
        - name: app
          image: ${4:-registry.example/app:1.0}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 64Mi}
EOF
}

configmap() { # configmap NAMESPACE NAME
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  namespace: %s\ndata:\n  mode: e2e\n' "$2" "$1"
}

node() { # node NAME PODCIDR
  printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: %s\nspec:\n  podCIDR: %s\n  podCIDRs: [%s]\n' "$1" "$2" "$2"
}

schemaless_crd() { # schemaless_crd GROUP VERSION KIND PLURAL SCOPE: a minimal CRD accepting any fields
  cat <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: $4.$1
spec:
  group: $1
  scope: $5
  names: {plural: $4, singular: ${4%s}, kind: $3, listKind: $3List}
  versions:
    - name: $2
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
EOF
}

ippool_crd() { schemaless_crd crd.projectcalico.org v1 IPPool ippools Cluster; }

ippool() { # ippool NAME CIDR
  printf 'apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: %s\nspec:\n  cidr: %s\n  natOutgoing: true\n' "$1" "$2"
}

install_crd() { # install_crd NAME < CRD: applies it and waits until it is Established
  kc apply -f - || return 1
  kc wait --for=condition=Established --timeout=60s "crd/$1"
}

pool_denied() { # pool_denied NAME CIDR: a pool overlapping an existing one is rejected
  kc apply -f - < <(ippool "$1" "$2")
  if [ "${RC}" -eq 0 ]; then kc delete ippool "$1" --wait=false; return 1; fi
  expect_denied '[cidr-overlap] spec.cidr'
}

missing_sa_denied() { # missing_sa_denied NAMESPACE NAME
  kc apply -f - < <(deployment "$1" "$2" ghost)
  if [ "${RC}" -eq 0 ]; then kc -n "$1" delete deployment "$2" --wait=false; return 1; fi
  expect_denied '[rbac-serviceaccount-missing]'
}

excluded_namespaces_work() { # excluded_namespaces_work IGNORED_NS NODE_CIDR: while the webhook is unreachable
  kc apply -f - < <(configmap "$1" while-down)
  expect_ok 'configmap/while-down created' || return 1
  kc apply -f - < <(configmap kube-system e2e-while-down)
  expect_ok 'configmap/e2e-while-down created' || return 1
  kc apply -f - < <(configmap "${RELEASE_NS}" e2e-while-down)
  expect_ok 'configmap/e2e-while-down created' || return 1
  kc apply -f - < <(node e2e-node-while-down "$2")
  expect_ok 'node/e2e-node-while-down created' || return 1
  info "labelled namespace, kube-system, ${RELEASE_NS} and a Node (its webhook fails open): created"
}
