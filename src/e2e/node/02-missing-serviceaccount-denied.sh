# kubectl apply of a Deployment whose ServiceAccount is missing: denied through the Service, rule id and fix shown
scenario_steps() {
  local ns=e2e-n2
  mkns "${ns}" || return 1
  kc apply -f - < <(missing_sa_deployment "${ns}" web)
  expect_denied 'admission webhook "validate.manifest-guard.dev" denied the request' \
    'manifest-guard denied Deployment e2e-n2/web' \
    '[rbac-serviceaccount-missing] spec.template.spec.serviceAccountName' 'create it or correct serviceAccountName' \
    || return 1
  info "$(grep -F '[rbac-serviceaccount-missing]' <<<"${OUT}" | head -n 1)"
  kc -n "${ns}" get deployment web
  [ "${RC}" -ne 0 ] || { note "the denied Deployment exists"; return 1; }
}
