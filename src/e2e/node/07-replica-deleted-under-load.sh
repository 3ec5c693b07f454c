# the replica serving the apiserver deleted (kubectl delete pod: SIGTERM, graceful) under a stream of kubectl apply: no request lost
replacement_ready() { [ "$(ready_replicas)" = 2 ] && [ -z "$(webhook_pods ALL | grep -Fx "${VICTIM}")" ]; }

scenario_steps() {
  local t0
  stream_start delete
  VICTIM="$(active_replica)"
  [ -n "${VICTIM}" ] || { stream_stop; note "no replica found"; return 1; }
  t0=${SECONDS}
  kc -n "${RELEASE_NS}" delete pod "${VICTIM}" --wait=false || { stream_stop; return 1; }
  eventually 120 replacement_ready || { stream_stop; return 1; }
  local took=$((SECONDS - t0))
  stream_wait 6
  stream_stop
  figure "replica ${VICTIM} deleted (graceful), 2/2 Ready again after ${took}s: ${STREAM_TOTAL} applies, ${STREAM_LOST} lost"
  [ "${STREAM_LOST}" -eq 0 ] && [ "${STREAM_TOTAL}" -ge 10 ]
}
