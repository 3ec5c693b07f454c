# shellcheck shell=bash
# Setup of the apiserver suite (sourced by run.sh): a fresh cluster (cluster.sh), the chart's RBAC,
# manifest-guard from the jar with a token of the chart's ServiceAccount, and the chart's
# ValidatingWebhookConfiguration pointed at it with a url clientConfig.

stop_webhook() {
  [ -n "${hook_pid}" ] || return 0
  if kill -0 "${hook_pid}" 2>/dev/null; then
    kill -TERM "${hook_pid}" 2>/dev/null
    local deadline=$((SECONDS + 30))
    while kill -0 "${hook_pid}" 2>/dev/null && [ "${SECONDS}" -lt "${deadline}" ]; do sleep 0.2; done
    kill -KILL "${hook_pid}" 2>/dev/null
  fi
  wait "${hook_pid}" 2>/dev/null
  hook_pid=""
}

start_webhook() { # starts the jar on HTTP_PORT/HTTPS_PORT and waits until /q/health/ready
  printf '\n=== start %s ===\n' "$(date -u +%FT%TZ)" >> "${RUN_DIR}/webhook.log"
  env KUBECONFIG="${RUN_DIR}/webhook.kubeconfig" \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="${HTTP_PORT}" \
    QUARKUS_HTTP_SSL_PORT="${HTTPS_PORT}" \
    MANIFEST_GUARD_TLS_CERT="${RUN_DIR}/tls/tls.crt" \
    MANIFEST_GUARD_TLS_KEY="${RUN_DIR}/tls/tls.key" \
    MANIFEST_GUARD_POLICY="${RUN_DIR}/policy.yaml" \
    java -Xmx256m -jar "${JAR}" </dev/null >>"${RUN_DIR}/webhook.log" 2>&1 &
  hook_pid=$!
  local deadline=$((SECONDS + 90))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${HTTP_PORT}/q/health/ready")" = 200 ]; do
    if ! kill -0 "${hook_pid}" 2>/dev/null; then
      wait "${hook_pid}" 2>/dev/null
      hook_pid=""
      return 1
    fi
    [ "${SECONDS}" -lt "${deadline}" ] || return 1
    sleep 0.3
  done
}

metric() { # metric NAME_PREFIX TEXT: sum of the Prometheus samples of NAME_PREFIX whose line has TEXT (0 when none)
  curl -s --max-time 5 "http://127.0.0.1:${HTTP_PORT}/q/metrics" \
    | awk -v n="$1" -v p="$2" 'index($0, n) == 1 && index($0, p) { s += $NF } END { printf "%d\n", s }'
}

webhook_active() { # a credential in a ConfigMap is a deny (not a reference rule, so dry-run keeps it a deny)
  kc apply --dry-run=server -f - <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: probe, namespace: e2e-probe}
data: {DB_PASSWORD: e2e-Not-Real-1d2c}
EOF
  [ "${RC}" -ne 0 ] && expect_output '[secret-in-env]'
}

apiserver_setup() {
  local cluster_env t0
  need_tools
  need_jar

  setup_log "cluster up (fresh)"
  "${CLUSTER}" down >&3 2>&1
  cluster_env="$("${CLUSTER}" up 2>&3)" || setup_failed "cluster.sh up failed"
  eval "${cluster_env}"
  SLOG="${RUN_DIR}/setup.log"

  # The release namespace with the ServiceAccount admission needs for pods, and the webhook's serving cert.
  mkns "${RELEASE_NS}" || setup_failed "could not create namespace ${RELEASE_NS}"
  "${CLUSTER}" serving-cert "${RUN_DIR}/tls" >&3 2>&1 || setup_failed "cluster.sh serving-cert failed"
  read -r HTTP_PORT HTTPS_PORT <<<"$(free_ports 2)"

  # The chart rendered the way a user with their own certificate would (tls.mode=provided, our CA);
  # kubectl turns the YAML into JSON, python3 picks the objects and points the webhooks at our URL.
  setup_log "render the chart (helm template, tls.mode=provided)"
  "${HELM}" template "${RELEASE}" "${CHART}" -n "${RELEASE_NS}" \
    --set tls.mode=provided \
    --set tls.provided.secretName="${RELEASE}-tls" \
    --set-string tls.provided.caBundle="$(base64 -w0 < "${E2E_CA_FILE}")" \
    > "${RUN_DIR}/chart.yaml" 2>&3 || setup_failed "helm template failed"
  kc create --dry-run=client -o json -f "${RUN_DIR}/chart.yaml"
  [ "${RC}" -eq 0 ] || setup_failed "kubectl could not read the rendered chart"
  printf '%s\n' "${OUT}" > "${RUN_DIR}/chart.json"
  python3 - "${RUN_DIR}" "https://127.0.0.1:${HTTPS_PORT}/validate" <<'PY' >&3 2>&1 || setup_failed "could not transform the chart"
import json, sys
run_dir, url = sys.argv[1], sys.argv[2]
text = open(f"{run_dir}/chart.json").read()
objects, pos, dec = [], 0, json.JSONDecoder()
while pos < len(text):
    if text[pos].isspace():
        pos += 1
        continue
    obj, pos = dec.raw_decode(text, pos)
    objects.extend(obj.get("items", []) if obj.get("kind") == "List" else [obj])
by_kind = {}
for o in objects:
    by_kind.setdefault(o["kind"], []).append(o)
rbac = [o for k in ("ServiceAccount", "ClusterRole", "ClusterRoleBinding") for o in by_kind.get(k, [])]
assert len(rbac) == 3, [o["kind"] for o in rbac]
json.dump({"apiVersion": "v1", "kind": "List", "items": rbac}, open(f"{run_dir}/rbac.json", "w"), indent=1)
(hook,) = by_kind["ValidatingWebhookConfiguration"]
for w in hook["webhooks"]:
    ca = w["clientConfig"]["caBundle"]
    w["clientConfig"] = {"url": url, "caBundle": ca}
json.dump(hook, open(f"{run_dir}/webhook.json", "w"), indent=1)
(cm,) = [o for o in by_kind["ConfigMap"] if o["metadata"]["name"].endswith("-policy")]
open(f"{run_dir}/policy.yaml", "w").write(cm["data"]["policy.yaml"])
print("objects:", sorted(by_kind), "webhooks:", [w["name"] for w in hook["webhooks"]])
PY

  setup_log "apply the chart's ServiceAccount, ClusterRole and ClusterRoleBinding"
  kc apply -f "${RUN_DIR}/rbac.json"
  [ "${RC}" -eq 0 ] || setup_failed "could not apply the chart's RBAC"

  # A kubeconfig with only the chart's ServiceAccount token: the webhook has exactly the chart's RBAC.
  kc -n "${RELEASE_NS}" create token "${RELEASE}" --duration=2h
  if [ "${RC}" -ne 0 ] || [ -z "${OUT}" ]; then setup_failed "kubectl create token failed"; fi
  umask 077
  cat > "${RUN_DIR}/webhook.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: ${E2E_APISERVER_URL}
    certificate-authority-data: $(base64 -w0 < "${E2E_CA_FILE}")
users:
- name: manifest-guard
  user:
    token: ${OUT}
contexts:
- name: e2e
  context: {cluster: e2e, user: manifest-guard, namespace: ${RELEASE_NS}}
current-context: e2e
EOF
  umask 022

  setup_log "start manifest-guard (http ${HTTP_PORT}, https ${HTTPS_PORT})"
  t0=${SECONDS}
  start_webhook || setup_failed "manifest-guard did not become ready (log: ${RUN_DIR}/webhook.log)"
  setup_log "manifest-guard ready in $((SECONDS - t0))s"
  grep -q 'watching cluster state' "${RUN_DIR}/webhook.log" || setup_failed "the webhook does not watch the cluster"
  if grep -qi 'forbidden' "${RUN_DIR}/webhook.log"; then
    setup_failed "the webhook was refused something by RBAC (see ${RUN_DIR}/webhook.log)"
  fi

  setup_log "register the ValidatingWebhookConfiguration (url clientConfig)"
  kc apply -f "${RUN_DIR}/webhook.json"
  [ "${RC}" -eq 0 ] || setup_failed "could not register the webhook"
  mkns e2e-probe || setup_failed "could not create namespace e2e-probe"
  eventually 30 webhook_active || setup_failed "the apiserver does not call the webhook"
  setup_log "setup done in $((SECONDS - SUITE_START))s"
}
