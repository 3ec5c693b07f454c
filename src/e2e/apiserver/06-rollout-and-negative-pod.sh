# Argo Rollout with a negative cpu request rejected; Pod with memory -512Mi refused by the apiserver
rollout_crd() { schemaless_crd argoproj.io v1alpha1 Rollout rollouts Namespaced; }

memory_pod() { # memory_pod NAMESPACE NAME MEMORY_REQUEST
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: %s\nspec:\n  containers:\n' "$2" "$1"
  printf '    - name: app\n      image: registry.example/app:1.0\n      resources:\n        requests: {memory: %s}\n' "$3"
}

scenario_steps() {
  local ns=e2e-s6
  mkns "${ns}" || return 1
  install_crd rollouts.argoproj.io < <(rollout_crd) || return 1
  kc apply -f - <<EOF
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {}}]
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0
          resources:
            requests: {cpu: "-250m", memory: 64Mi}
            limits: {memory: 64Mi}
EOF
  expect_denied 'manifest-guard denied Rollout e2e-s6/web' \
    '[resource-quantity-negative] spec.template.spec.containers[0].resources.requests.cpu' || return 1
  info "$(grep -F '[resource-quantity-negative]' <<<"${OUT}" | head -n 1)"
  # A valid Pod reaches the webhook (the counter moves), the negative one must not.
  local pods_before pods_after pods_valid
  pods_before="$(metric 'manifest_guard_admission_requests_total{' 'kind="Pod"')"
  kc apply -f - < <(memory_pod "${ns}" valid-memory 512Mi)
  expect_ok 'pod/valid-memory created' || return 1
  pods_valid="$(metric 'manifest_guard_admission_requests_total{' 'kind="Pod"')"
  [ "${pods_valid}" -gt "${pods_before}" ] \
    || { note "the webhook's Pod counter did not move for a valid Pod (${pods_before} -> ${pods_valid})"; return 1; }
  kc apply -f - < <(memory_pod "${ns}" negative-memory -512Mi)
  expect_denied 'is invalid' '-512Mi' || return 1
  refute_output 'manifest-guard' 'admission webhook' || return 1
  pods_after="$(metric 'manifest_guard_admission_requests_total{' 'kind="Pod"')"
  info "apiserver: $(grep -F 'is invalid' <<<"${OUT}" | head -n 1)"
  [ "${pods_valid}" = "${pods_after}" ] \
    || { note "the webhook saw the invalid Pod (${pods_valid} -> ${pods_after})"; return 1; }
  info "webhook Pod reviews: ${pods_before} -> ${pods_valid} after a valid Pod -> ${pods_after} after the invalid one"
}
