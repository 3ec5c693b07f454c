#!/usr/bin/env bash
# Smoke test of the end-to-end harness: build the tools, start the local
# control plane, exercise it with kubectl, restart the apiserver, stop it all.
# Ends with 'N passed, N failed'; exits non-zero when a check failed.
set -uo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
CLUSTER="${E2E_SRC_DIR}/cluster.sh"

hook_pid=""
cleanup() {
  [ -z "${hook_pid}" ] || kill "${hook_pid}" 2>/dev/null
  "${CLUSTER}" down >/dev/null 2>&1
}
trap cleanup EXIT
finish() {
  "${CLUSTER}" down >/dev/null 2>&1 || true
  checks_summary
}

timed() { # timed VAR COMMAND...: runs COMMAND, stores its seconds in VAR
  local var="$1"; shift
  local t0="${EPOCHREALTIME}"
  "$@"; local rc=$?
  printf -v "${var}" '%s' "$(awk -v a="${t0}" -v b="${EPOCHREALTIME}" 'BEGIN { printf "%.1f", b - a }')"
  return "${rc}"
}

check "build-tools.sh builds or finds kube-apiserver, etcd, kubectl, helm" \
  timed build_secs "${E2E_SRC_DIR}/build-tools.sh"
echo "      build-tools.sh took ${build_secs:-?}s"
check "build-tools.sh second run is instant (< 5s)" \
  bash -c "t0=\$(date +%s); '${E2E_SRC_DIR}/build-tools.sh' >/dev/null && [ \$((\$(date +%s) - t0)) -lt 5 ]"

env_out=""
up() { env_out="$("${CLUSTER}" up)"; }
if ! check "cluster.sh up" timed up_secs up; then
  finish
  exit 1
fi
echo "      cluster.sh up took ${up_secs:-?}s"
eval "${env_out}"

check "up printed an absolute KUBECONFIG that exists" \
  bash -c "grep -q '^export KUBECONFIG=/' <<<'${env_out}' && [ -s '${KUBECONFIG}' ]"
check "second up reuses the running cluster" \
  bash -c "[ \"\$('${CLUSTER}' up 2>/dev/null)\" = '${env_out//\'/}' ]"
check "cluster.sh env prints the same exports" \
  bash -c "[ \"\$('${CLUSTER}' env)\" = '${env_out//\'/}' ]"
check "kubectl version reports server ${K8S_VERSION}" \
  bash -c "kubectl version -o json | grep -q '\"gitVersion\": \"${K8S_VERSION}\"'"
check "kubectl get ns lists default and kube-system" \
  bash -c "kubectl get ns -o name | grep -qx namespace/default && kubectl get ns -o name | grep -qx namespace/kube-system"
check "RBAC is on (anonymous user is forbidden to list namespaces)" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --cacert '${E2E_CA_FILE}' '${E2E_APISERVER_URL}/api/v1/namespaces')\" = 403 ]"
check "static admin token works" \
  bash -c "curl -sf --cacert '${E2E_CA_FILE}' -H \"Authorization: Bearer \$(cat '${E2E_ADMIN_TOKEN_FILE}')\" '${E2E_APISERVER_URL}/api/v1/namespaces/kube-system' >/dev/null"
check "admission webhooks are enabled (admissionregistration.k8s.io/v1)" \
  bash -c "kubectl api-resources --api-group=admissionregistration.k8s.io -o name | grep -q '^validatingwebhookconfigurations'"

check "create namespace smoke" kubectl create namespace smoke
check "create serviceaccount smoke/robot" kubectl -n smoke create serviceaccount robot
token=""
mint() { token="$(kubectl -n smoke create token robot --duration=10m)" && [ -n "${token}" ]; }
check "kubectl create token for smoke/robot" mint
check "the token authenticates as system:serviceaccount:smoke:robot" \
  bash -c "kubectl --token='${token}' auth whoami -o jsonpath='{.status.userInfo.username}' \
    --kubeconfig=/dev/null --server='${E2E_APISERVER_URL}' --certificate-authority='${E2E_CA_FILE}' \
    | grep -qx system:serviceaccount:smoke:robot"
check "RBAC denies the service account by default" \
  bash -c "[ \"\$(kubectl auth can-i list pods -n smoke --as=system:serviceaccount:smoke:robot)\" = no ]"
check "helm runs" helm version --short

# An admission webhook served on 127.0.0.1 over TLS, registered by URL.
hook_dir="${E2E_STATE_DIR}/smoke-webhook"
check "cluster.sh serving-cert issues a webhook cert" "${CLUSTER}" serving-cert "${hook_dir}"
start_webhook() {
  rm -f "${hook_dir}/port"
  python3 "${E2E_SRC_DIR}/testdata/deny-label-webhook.py" "${hook_dir}/tls.crt" "${hook_dir}/tls.key" \
    "${hook_dir}/port" 2>"${hook_dir}/webhook.log" &
  hook_pid=$!
  for _ in $(seq 50); do [ -s "${hook_dir}/port" ] && return 0; sleep 0.1; done
  return 1
}
register_webhook() {
  kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: smoke-deny-label
webhooks:
- name: deny-label.smoke.manifest-guard.dev
  clientConfig:
    url: https://127.0.0.1:$(cat "${hook_dir}/port")/validate
    caBundle: $(base64 -w0 < "${E2E_CA_FILE}")
  rules:
  - apiGroups: [""]
    apiVersions: ["v1"]
    operations: ["CREATE", "UPDATE"]
    resources: ["configmaps"]
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: smoke
  sideEffects: None
  admissionReviewVersions: ["v1"]
  failurePolicy: Fail
  timeoutSeconds: 5
EOF
}
denied_by_webhook() { # retries while the apiserver picks up the configuration
  local name="$1" out=""
  for _ in $(seq 50); do
    if out="$(kubectl -n smoke create configmap "${name}" --from-literal=k=v \
        --dry-run=client -o yaml | kubectl label --local -f - smoke/deny=yes -o yaml \
        | kubectl create -f - 2>&1)"; then
      kubectl -n smoke delete configmap "${name}" >/dev/null 2>&1
    elif grep -q 'denied by the smoke webhook' <<<"${out}"; then
      return 0
    fi
    sleep 0.2
  done
  echo "${out}"
  return 1
}
check "smoke webhook starts on 127.0.0.1" start_webhook
check "register ValidatingWebhookConfiguration with url clientConfig" register_webhook
check "apiserver calls the webhook, which denies a labelled ConfigMap" denied_by_webhook denied-1
check "the webhook allows an unlabelled ConfigMap" kubectl -n smoke create configmap allowed-1

old_pid="$(cat "${E2E_STATE_DIR}/kube-apiserver.pid")"
check "cluster.sh restart-apiserver" "${CLUSTER}" restart-apiserver
check "apiserver has a new pid and the same URL" \
  bash -c "[ \"\$(cat '${E2E_STATE_DIR}/kube-apiserver.pid')\" != '${old_pid}' ] && [ \"\$('${CLUSTER}' env)\" = '${env_out//\'/}' ]"
check "data survived the apiserver restart" kubectl -n smoke get serviceaccount robot
check "webhook still enforced after the apiserver restart" denied_by_webhook denied-2
if [ -n "${hook_pid}" ]; then kill "${hook_pid}" 2>/dev/null; wait "${hook_pid}" 2>/dev/null; hook_pid=""; fi

pids="$(cat "${E2E_STATE_DIR}/etcd.pid" "${E2E_STATE_DIR}/kube-apiserver.pid" | tr '\n' ' ')"
check "cluster.sh down" "${CLUSTER}" down
gone() { # gone PID...: none of them is running (a zombie awaiting its reaper counts as gone)
  local p
  for p in "$@"; do
    [ ! -e "/proc/${p}/stat" ] || [ "$(proc_state "${p}")" = Z ] || return 1
  done
  ! "${CLUSTER}" status
}
# shellcheck disable=SC2086
check "etcd and kube-apiserver (pids ${pids% }) are gone" gone ${old_pid} ${pids}

finish
