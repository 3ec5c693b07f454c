# helm uninstall leaves no webhook configuration; what was denied is admitted again
no_pods_left() {
  kc -n "${RELEASE_NS}" get pods -o name
  [ "${RC}" -eq 0 ] && [ -z "${OUT}" ]
}

scenario_steps() {
  local ns=e2e-n11
  mkns "${ns}" || return 1
  "${HELM}" uninstall "${RELEASE}" -n "${RELEASE_NS}" --wait --timeout 3m >> "${SLOG}" 2>&1 \
    || { note "helm uninstall failed"; return 1; }
  kc get validatingwebhookconfigurations -o name
  expect_ok || return 1
  refute_output "${RELEASE}" || return 1
  kc get validatingwebhookconfigurations -l "app.kubernetes.io/instance=${RELEASE}" -o name
  [ -z "${OUT}" ] || { note "labelled webhook configurations remain: ${OUT}"; return 1; }
  eventually 60 no_pods_left || return 1
  kc apply -f - < <(missing_sa_deployment "${ns}" web)
  expect_ok 'deployment.apps/web created' || return 1
  info "no ValidatingWebhookConfiguration left; a Deployment with a missing ServiceAccount is created again"
}
