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
  excluded_namespaces_work "${ignored}" 10.200.0.0/24 || return 1
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
