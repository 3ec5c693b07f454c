# helm upgrade (a rolling restart) under a stream of kubectl apply: no request lost
scenario_steps() {
  local t0 old new
  old="$(webhook_pods | sort | tr '\n' ' ')"
  stream_start upgrade
  stream_wait 6
  t0=${SECONDS}
  # A changed pod annotation rolls every replica (maxUnavailable 0, maxSurge 1).
  helm_mg upgrade --reuse-values --set-string "podAnnotations.e2e/rollout=$(date +%s)" --wait --timeout 5m \
    || { stream_stop; note "helm upgrade failed"; return 1; }
  local took=$((SECONDS - t0))
  stream_wait 6
  stream_stop
  new="$(webhook_pods | sort | tr '\n' ' ')"
  note "replicas before: ${old}; after: ${new}"
  [ "${old}" != "${new}" ] || { note "the upgrade replaced no pod"; return 1; }
  figure "helm upgrade (rolling, ${took}s): ${STREAM_TOTAL} kubectl applies during and around it, ${STREAM_LOST} lost"
  [ "${STREAM_LOST}" -eq 0 ] && [ "${STREAM_TOTAL}" -ge 10 ]
}
