# Argo Rollout with a negative cpu request rejected; Pod with memory -512Mi refused by the apiserver
rollout_crd() {
  cat <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  scope: Namespaced
  names: {plural: rollouts, singular: rollout, kind: Rollout, listKind: RolloutList}
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
EOF
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
  kc apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: valid-memory
  namespace: ${ns}
spec:
  containers:
    - name: app
      image: registry.example/app:1.0
      resources:
        requests: {memory: 512Mi}
EOF
  expect_ok 'pod/valid-memory created' || return 1
  pods_valid="$(metric 'manifest_guard_admission_requests_total{' 'kind="Pod"')"
  [ "${pods_valid}" -gt "${pods_before}" ] \
    || { note "the webhook's Pod counter did not move for a valid Pod (${pods_before} -> ${pods_valid})"; return 1; }
  kc apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: negative-memory
  namespace: ${ns}
spec:
  containers:
    - name: app
      image: registry.example/app:1.0
      resources:
        requests: {memory: -512Mi}
EOF
  expect_denied 'is invalid' '-512Mi' || return 1
  refute_output 'manifest-guard' 'admission webhook' || return 1
  pods_after="$(metric 'manifest_guard_admission_requests_total{' 'kind="Pod"')"
  info "apiserver: $(grep -F 'is invalid' <<<"${OUT}" | head -n 1)"
  [ "${pods_valid}" = "${pods_after}" ] \
    || { note "the webhook saw the invalid Pod (${pods_valid} -> ${pods_after})"; return 1; }
  info "webhook Pod reviews: ${pods_before} -> ${pods_valid} after a valid Pod -> ${pods_after} after the invalid one"
}
