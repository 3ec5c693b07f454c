# once the ServiceAccount exists the Deployment is admitted, and its controller-made ReplicaSet and Pods pass the webhook and run
scenario_steps() {
  local ns=e2e-n3 rs_before pods_before rs_after pods_after
  mkns "${ns}" || return 1
  rs_before="$(webhook_metric manifest_guard_admission_requests_total 'kind="ReplicaSet"')"
  pods_before="$(webhook_metric manifest_guard_admission_requests_total 'kind="Pod"')"
  kc -n "${ns}" create serviceaccount robot || return 1
  kc apply -f - < <(deployment "${ns}" web robot "${PAUSE_REF}" | sed 's/replicas: 1/replicas: 2/')
  expect_ok 'deployment.apps/web created' || return 1
  refute_output 'rbac-serviceaccount-missing' || return 1
  kc -n "${ns}" rollout status deployment/web --timeout=120s
  expect_ok 'successfully rolled out' || return 1
  kc -n "${ns}" get pods -l app=web -o 'jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}'
  expect_ok '=Running' || return 1
  refute_output '=Pending' || return 1
  info "pods: ${OUT% }"
  rs_after="$(webhook_metric manifest_guard_admission_requests_total 'kind="ReplicaSet"')"
  pods_after="$(webhook_metric manifest_guard_admission_requests_total 'kind="Pod"')"
  note "webhook reviews: ReplicaSet ${rs_before} -> ${rs_after}, Pod ${pods_before} -> ${pods_after}"
  [ "${rs_after}" -gt "${rs_before}" ] && [ "${pods_after}" -ge $((pods_before + 2)) ] \
    || { note "the controllers' ReplicaSet and Pod creations did not reach the webhook"; return 1; }
  info "the webhook reviewed the controllers' requests: ReplicaSet ${rs_before} -> ${rs_after}, Pod ${pods_before} -> ${pods_after}"
}
