# RoleBinding to a missing Role rejected; accepted once the Role exists
rolebinding() { # rolebinding NAMESPACE NAME ROLE
  cat <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: $2
  namespace: $1
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: $3
subjects:
  - kind: ServiceAccount
    name: default
    namespace: $1
EOF
}

scenario_steps() {
  local ns=e2e-s3
  mkns "${ns}" || return 1
  kc apply -f - < <(rolebinding "${ns}" read-config config-reader)
  expect_denied '[rbac-roleref-missing] roleRef.name' || return 1
  info "$(grep -F '[rbac-roleref-missing]' <<<"${OUT}" | head -n 1)"
  kc -n "${ns}" create role config-reader --verb=get,list --resource=configmaps || return 1
  kc apply -f - < <(rolebinding "${ns}" read-config config-reader)
  expect_ok 'rolebinding.rbac.authorization.k8s.io/read-config created'
}
