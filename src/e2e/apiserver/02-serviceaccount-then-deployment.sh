# ServiceAccount then the Deployment using it, in one file: accepted
scenario_steps() {
  local ns=e2e-s2
  mkns "${ns}" || return 1
  kc apply -f - < <(printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: %s\n---\n' "${ns}"
                    deployment "${ns}" web robot)
  expect_ok 'serviceaccount/robot created' 'deployment.apps/web created' || return 1
  refute_output 'rbac-serviceaccount-missing'
}
