# the replica serving the apiserver SIGKILLed (its java process, from the host) under a stream: it restarts, and nothing is lost once it is Ready again
# A hard kill is lossy by design of the apiserver's webhook client: the validating dispatcher
# (k8s.io/apiserver v0.33.13 pkg/admission/plugin/webhook/validating/dispatcher.go, callHook) makes
# one POST through client-go's Request.Do, which retries a reset connection, an EOF or a lost
# HTTP/2 connection only for GET ("write operations ... are not idempotent", client-go v0.33.13
# rest/request.go). A review in flight on the killed connection, or sent to the dead pod's address
# before its endpoint leaves the Service, fails, and failurePolicy Fail rejects that request. So this
# scenario measures the loss and asserts what must hold: recovery with no loss afterwards.
restarted() { [ "$(pod_field "${VICTIM}" '{.status.containerStatuses[0].restartCount}')" -ge 1 ] && [ "$(ready_replicas)" = 2 ]; }

scenario_steps() {
  local pid killed_at ready_at
  stream_start sigkill
  VICTIM="$(active_replica)"
  pid="$(container_pid "${VICTIM}")"
  [ -n "${pid}" ] || { stream_stop; note "no pid for ${VICTIM}"; return 1; }
  killed_at="$(date +%s%3N)"
  kill -KILL "${pid}"
  note "SIGKILL to pid ${pid} (${VICTIM})"
  eventually 120 restarted || { stream_stop; return 1; }
  ready_at="$(date +%s%3N)"
  stream_wait 10
  stream_stop
  KILLED_POD="${VICTIM}"
  local window late
  window="$(awk -v k="${killed_at}" '$1 == "lost" { w = ($2 - k) / 1000 } END { printf "%.1f", w }' <<<"${STREAM_RESULTS}")"
  late="$(awk -v r="${ready_at}" '$1 == "lost" && $2 > r' <<<"${STREAM_RESULTS}" | wc -l)"
  figure "replica ${VICTIM} SIGKILLed, restarted and Ready after $(((ready_at - killed_at) / 1000))s: ${STREAM_TOTAL} applies, ${STREAM_LOST} lost (the last ${window}s after the kill), ${late} after it was Ready"
  [ "${late}" -eq 0 ] && [ "${STREAM_TOTAL}" -ge 10 ]
}
