# webhook stopped: checked namespaces fail closed, excluded ones work; verdicts return on restart
scenario_steps() {
  local ns=e2e-s9 ignored=e2e-s9-ignored
  mkns "${ns}" || return 1
  mkns "${ignored}" manifest-guard.dev/ignore=true || return 1
  stop_webhook
  info "webhook stopped"
  kc apply -f - < <(configmap "${ns}" while-down)
  expect_denied 'failed calling webhook "validate.manifest-guard.dev"' || return 1
  info "checked namespace: $(grep -F 'failed calling webhook' <<<"${OUT}" | head -n 1 | cut -c1-200)"
  kc apply -f - < <(configmap "${ignored}" while-down)
  expect_ok 'configmap/while-down created' || return 1
  kc apply -f - < <(configmap kube-system e2e-while-down)
  expect_ok 'configmap/e2e-while-down created' || return 1
  kc apply -f - < <(configmap "${RELEASE_NS}" e2e-while-down)
  expect_ok 'configmap/e2e-while-down created' || return 1
  info "labelled namespace, kube-system and ${RELEASE_NS}: created"
  kc apply -f - < <(node e2e-node-while-down 10.200.0.0/24)
  expect_ok 'node/e2e-node-while-down created' || return 1
  info "a Node (its webhook fails open): created"
  if ! start_webhook; then
    note "the webhook did not become ready again; its log:"
    grep -v '^\s*at ' "${RUN_DIR}/webhook.log" | tail -n 15 >> "${SLOG}"
    return 1
  fi
  info "webhook started again"
  eventually 30 missing_sa_denied "${ns}" web || return 1
  kc apply -f - < <(configmap "${ns}" after-restart)
  expect_ok 'configmap/after-restart created'
}
