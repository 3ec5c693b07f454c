# Deployment with a missing ServiceAccount is rejected, with the rule and the fix
scenario_steps() {
  local ns=e2e-s1
  mkns "${ns}" || return 1
  kc apply -f - < <(deployment "${ns}" web ghost)
  expect_denied 'denied the request' 'manifest-guard denied Deployment e2e-s1/web' \
    '[rbac-serviceaccount-missing] spec.template.spec.serviceAccountName' 'create it or correct serviceAccountName' \
    || return 1
  info "$(grep -F '[rbac-serviceaccount-missing]' <<<"${OUT}" | head -n 1)"
  kc -n "${ns}" get deployment web
  [ "${RC}" -ne 0 ] || { note "the rejected Deployment exists"; return 1; }
}
