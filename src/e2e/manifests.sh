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

ippool_crd() {
  cat <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ippools.crd.projectcalico.org
spec:
  group: crd.projectcalico.org
  scope: Cluster
  names: {plural: ippools, singular: ippool, kind: IPPool, listKind: IPPoolList}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
EOF
}

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
