# --dry-run=server bundle: new ServiceAccount used by its Deployment accepted with a warning
scenario_steps() {
  local ns=e2e-s7
  mkns "${ns}" || return 1
  kc apply --dry-run=server -f - < <(printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: %s\n---\n' "${ns}"
                                     deployment "${ns}" web robot)
  expect_ok 'serviceaccount/robot created (server dry run)' 'deployment.apps/web created (server dry run)' \
    'Warning: [rbac-serviceaccount-missing] spec.template.spec.serviceAccountName' || return 1
  info "$(grep -F 'Warning: [rbac-serviceaccount-missing]' <<<"${OUT}" | head -n 1)"
  kc -n "${ns}" get serviceaccount robot
  [ "${RC}" -ne 0 ] || { note "the dry run stored the ServiceAccount"; return 1; }
}
