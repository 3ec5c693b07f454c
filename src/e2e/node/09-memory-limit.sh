# the webhook pods stay under the chart's memory limit: no OOM kill, cgroup peak below the limit
scenario_steps() {
  local pod cg limit max failcnt oomkills reason restarts
  kc -n "${RELEASE_NS}" get deployment "${RELEASE}" -o 'jsonpath={.spec.template.spec.containers[0].resources.limits.memory}'
  expect_ok || return 1
  local chart_limit="${OUT}"
  for pod in $(webhook_pods); do
    reason="$(pod_field "${pod}" '{.status.containerStatuses[0].lastState.terminated.reason}')"
    restarts="$(pod_field "${pod}" '{.status.containerStatuses[0].restartCount}')"
    [ "${reason}" != OOMKilled ] || { note "${pod} was OOM-killed"; return 1; }
    # The one restart scenario 8 caused by SIGKILL is expected (exit 137, reason Error).
    if [ "${pod}" != "${KILLED_POD:-}" ] && [ "${restarts}" -ne 0 ]; then note "${pod} restarted ${restarts} times"; return 1; fi
    cg="$(container_cgroup "${pod}")"
    [ -n "${cg}" ] || { note "no memory cgroup for ${pod}"; return 1; }
    limit="$(cat "${cg}/memory.limit_in_bytes")"
    max="$(cat "${cg}/memory.max_usage_in_bytes")"
    failcnt="$(cat "${cg}/memory.failcnt")"
    oomkills="$(awk '$1 == "oom_kill" { print $2 }' "${cg}/memory.oom_control")"
    note "${pod}: limit ${limit}, max usage ${max}, failcnt ${failcnt}, oom_kill ${oomkills:-n/a}, restarts ${restarts}"
    [ "${limit}" -eq $((512 * 1024 * 1024)) ] || { note "cgroup limit ${limit} is not the chart's ${chart_limit}"; return 1; }
    [ "${max}" -lt "${limit}" ] && [ "${oomkills:-0}" -eq 0 ] || { note "${pod} reached its limit"; return 1; }
    figure "memory ${pod}: peak $((max / 1048576)) MiB of the ${chart_limit} limit (cgroup max_usage_in_bytes), ${failcnt} limit hits, no OOM kill, ${restarts} restarts"
  done
}
