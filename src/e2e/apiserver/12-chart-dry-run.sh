# the chart rendered with default values passes kubectl apply --dry-run=server
scenario_steps() {
  # The chart as a user installs it (default values, self-signed TLS): the apiserver accepts every object.
  "${HELM}" template "${RELEASE}" "${CHART}" -n "${RELEASE_NS}" > "${RUN_DIR}/chart-default.yaml" 2>>"${SLOG}" \
    || { note "helm template failed"; return 1; }
  kc apply --dry-run=server -f "${RUN_DIR}/chart-default.yaml"
  expect_ok 'deployment.apps/manifest-guard' 'validatingwebhookconfiguration.admissionregistration.k8s.io/manifest-guard' \
    || return 1
  refute_output 'Error' || return 1
  info "$(grep -c '(server dry run)' <<<"${OUT}") objects accepted (server dry run)"
}
