# UPDATE ratcheting: existing violators can be scaled and relabelled; finalizers removed on delete
new_violation_denied() { # the namespace is checked again (the apiserver saw the label go)
  missing_sa_denied e2e-s11 probe
}

gone() { # gone KIND NAME
  kc -n e2e-s11 get "$1" "$2"
  [ "${RC}" -ne 0 ] && expect_output 'NotFound'
}

scenario_steps() {
  local ns=e2e-s11
  mkns "${ns}" manifest-guard.dev/ignore=true || return 1
  # Created while the namespace is excluded: a Deployment whose ServiceAccount is missing, and a
  # ConfigMap holding a credential, both with a finalizer.
  kc apply -f - < <(deployment "${ns}" legacy ghost | sed 's/^  namespace: .*/&\n  finalizers: [e2e.manifest-guard.dev\/hold]/')
  expect_ok 'deployment.apps/legacy created' || return 1
  kc apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy-config
  namespace: ${ns}
  finalizers: [e2e.manifest-guard.dev/hold]
data:
  DB_PASSWORD: e2e-Not-Real-9f3a
EOF
  expect_ok 'configmap/legacy-config created' || return 1
  kc label namespace "${ns}" manifest-guard.dev/ignore- || return 1
  eventually 30 new_violation_denied || return 1
  info "namespace checked again: a new Deployment with a missing ServiceAccount is rejected"

  kc -n "${ns}" scale deployment legacy --replicas=3
  expect_ok 'scaled' || return 1
  kc -n "${ns}" patch deployment legacy --type=merge -p '{"spec":{"replicas":2}}'
  expect_ok 'patched' 'Warning: [rbac-serviceaccount-missing]' || return 1
  kc -n "${ns}" label deployment legacy tier=web
  expect_ok 'labeled' 'Warning: [rbac-serviceaccount-missing]' || return 1
  kc -n "${ns}" label configmap legacy-config tier=web
  expect_ok 'labeled' 'Warning: [secret-in-env]' || return 1
  info "scale, replicas patch and relabel of existing violators: allowed with a warning"
  kc -n "${ns}" patch deployment legacy --type=json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"API_TOKEN","value":"e2e-Not-Real-7b1c"}]}]'
  expect_denied '[secret-in-env]' || return 1
  info "a new violation in the same update is still rejected"

  kc -n "${ns}" delete deployment legacy --wait=false || return 1
  kc -n "${ns}" delete configmap legacy-config --wait=false || return 1
  kc -n "${ns}" get deployment legacy -o 'jsonpath={.metadata.deletionTimestamp}'
  [ -n "${OUT}" ] || { note "no deletionTimestamp on the Deployment"; return 1; }
  kc -n "${ns}" patch deployment legacy --type=merge -p '{"metadata":{"finalizers":null}}'
  expect_ok 'patched' || return 1
  kc -n "${ns}" patch configmap legacy-config --type=merge -p '{"metadata":{"finalizers":null}}'
  expect_ok 'patched' || return 1
  eventually 10 gone deployment legacy || return 1
  eventually 10 gone configmap legacy-config || return 1
  info "finalizers removed from objects being deleted: both gone"
}
