# shellcheck shell=bash
# Setup and shared steps of the real-node suite (sourced by node.sh): the webhook image
# (src/build/image.sh), a real single-node cluster (node-cluster.sh) with the image imported, and
# the helpers the scenarios share: helm with the local images, the webhook's pods and metrics, and
# streams of kubectl apply that count every answer.

WEBHOOK_REF=localhost/manifest-guard:e2e
STREAM_NS=e2e-stream

node_setup() {
  local images digest
  need_tools --node
  need_jar
  setup_log "webhook image (src/build/image.sh)"
  digest="$("${PROJECT_ROOT}/src/build/image.sh" --ref "${WEBHOOK_REF}" --out "${RUN_DIR}/image/oci" 2>&3)" \
    || setup_failed "src/build/image.sh failed"
  tar -C "${RUN_DIR}/image/oci" -cf "${RUN_DIR}/image/manifest-guard.tar" . || setup_failed "cannot archive the image"
  setup_log "webhook image ${WEBHOOK_REF} ${digest} ($(du -sh "${RUN_DIR}/image/oci" | cut -f1))"
  images="$("${E2E_SRC_DIR}/node-images.sh" 2>&3)" || setup_failed "node-images.sh failed"
  CURL_REF="$(sed -n 's/^\(localhost\/curl:[^=]*\)=.*/\1/p' <<<"${images}")"
  PAUSE_REF="$(sed -n 's/^\(localhost\/pause:[^=]*\)=.*/\1/p' <<<"${images}")"

  setup_log "node cluster up"
  local cluster_env
  NODE_UP=1 # from here on the EXIT trap tears down, also what a failed `up` left
  cluster_env="$("${NODE_CLUSTER}" up 2>&3)" || setup_failed "node-cluster.sh up failed"
  eval "${cluster_env}"
  "${NODE_CLUSTER}" import "${RUN_DIR}/image/manifest-guard.tar" >&3 2>&1 || setup_failed "image import failed"
  SLOG="${RUN_DIR}/setup.log"
  mkns "${STREAM_NS}" || setup_failed "could not create namespace ${STREAM_NS}"
  setup_log "setup done in $((SECONDS - SUITE_START))s"
}

helm_mg() { # helm_mg install|upgrade ARGS...: the chart with the images built here
  local verb="$1"; shift
  "${HELM}" "${verb}" "${RELEASE}" "${CHART}" -n "${RELEASE_NS}" \
    --set image.repository="${WEBHOOK_REF%:*}" --set image.tag="${WEBHOOK_REF##*:}" --set image.pullPolicy=Never \
    --set test.image.repository="${CURL_REF%:*}" --set test.image.tag="${CURL_REF##*:}" --set test.image.pullPolicy=Never \
    "$@" >> "${SLOG}" 2>&1
}

webhook_pods() { # names of the webhook's pods (Running ones, unless ALL is given)
  local selector="app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/name=manifest-guard"
  if [ "${1:-}" = ALL ]; then
    "${KUBECTL}" -n "${RELEASE_NS}" get pods -l "${selector}" -o name
  else
    "${KUBECTL}" -n "${RELEASE_NS}" get pods -l "${selector}" --field-selector=status.phase=Running -o name
  fi | sed 's#^pod/##'
}

ready_replicas() {
  "${KUBECTL}" -n "${RELEASE_NS}" get deployment "${RELEASE}" -o 'jsonpath={.status.readyReplicas}'
}

pod_field() { # pod_field POD JSONPATH
  "${KUBECTL}" -n "${RELEASE_NS}" get pod "$1" -o "jsonpath=$2"
}

pod_metric() { # pod_metric POD NAME_PREFIX TEXT: sum of the matching samples of one pod's /q/metrics
  curl -s --max-time 5 "http://$(pod_field "$1" '{.status.podIP}'):8080/q/metrics" \
    | awk -v n="$2" -v p="$3" 'index($0, n) == 1 && index($0, p) { s += $NF } END { printf "%d\n", s }'
}

webhook_metric() { # webhook_metric NAME_PREFIX TEXT: summed over the running replicas
  local pod sum=0
  for pod in $(webhook_pods); do sum=$((sum + $(pod_metric "${pod}" "$1" "$2"))); done
  echo "${sum}"
}

container_id() { # container_id POD: the webhook container's containerd id
  pod_field "$1" '{.status.containerStatuses[0].containerID}' | sed 's#^containerd://##'
}

container_pid() { # container_pid POD: the host pid of the webhook's java process
  ctr --address "${E2E_CONTAINERD_SOCK}" -n k8s.io tasks ls | awk -v id="$(container_id "$1")" '$1 == id { print $2 }'
}

container_cgroup() { # container_cgroup POD: the container's cgroup v1 memory directory
  find /sys/fs/cgroup/memory/kubepods -maxdepth 3 -type d -name "$(container_id "$1")" | head -n 1
}

missing_sa_deployment() { # a Deployment the webhook must deny (its ServiceAccount does not exist)
  deployment "$1" "$2" ghost
}

# --- streams: kubectl apply in a loop, every answer judged -----------------------------------
# stream_start NAME: two loops, until stream_stop: one applies a ConfigMap with a new value each
# time (an UPDATE the webhook allows), one applies a Deployment with a missing ServiceAccount (the
# webhook must deny it with the rule id). An answer counts as lost when the allowed one fails or the
# denied one is not the webhook's verdict (e.g. `failed calling webhook`, a timeout).

stream_loop() { # stream_loop DIR KIND
  local dir="$1" kind="$2" i=0 out rc file
  file="${dir}/${kind}.yaml"
  while [ ! -e "${dir}/stop" ]; do
    i=$((i + 1))
    if [ "${kind}" = allowed ]; then
      { configmap "${STREAM_NS}" stream; printf '  seq: "%s"\n' "${i}"; } > "${file}"
    else
      missing_sa_deployment "${STREAM_NS}" "stream-denied" > "${file}"
    fi
    out="$("${KUBECTL}" apply -f "${file}" 2>&1)"; rc=$?
    if { [ "${kind}" = allowed ] && [ "${rc}" -eq 0 ]; } \
      || { [ "${kind}" = denied ] && [ "${rc}" -ne 0 ] && grep -qF '[rbac-serviceaccount-missing]' <<<"${out}"; }; then
      echo "ok $(date +%s%3N)" >> "${dir}/${kind}.results"
    else
      echo "lost $(date +%s%3N)" >> "${dir}/${kind}.results"
      # The reason is at the end of kubectl's message (the patch body comes first).
      printf '%s %s: ...%s\n' "$(date -u +%T.%N | cut -c1-12)" "${kind}" "$(tr '\n' ' ' <<<"${out}" | tail -c 400)" >> "${dir}/lost.log"
    fi
  done
}

stream_start() {
  STREAM_DIR="${RUN_DIR}/stream-$1"
  rm -rf "${STREAM_DIR}"
  mkdir -p "${STREAM_DIR}"
  : > "${STREAM_DIR}/lost.log"
  stream_loop "${STREAM_DIR}" allowed &
  STREAM_PIDS=($!)
  stream_loop "${STREAM_DIR}" denied &
  STREAM_PIDS+=($!)
}

stream_stop() { # stream_stop: waits for both loops; sets STREAM_TOTAL and STREAM_LOST
  [ -n "${STREAM_DIR:-}" ] || return 0
  touch "${STREAM_DIR}/stop"
  local pid
  for pid in "${STREAM_PIDS[@]}"; do wait "${pid}" 2>/dev/null; done
  STREAM_PIDS=()
  STREAM_TOTAL="$(cat "${STREAM_DIR}"/*.results 2>/dev/null | wc -l)"
  STREAM_LOST="$(cat "${STREAM_DIR}"/*.results 2>/dev/null | grep -c '^lost')"
  STREAM_RESULTS="$(cat "${STREAM_DIR}"/*.results 2>/dev/null)"
  note "stream: ${STREAM_TOTAL} applies, ${STREAM_LOST} lost"
  [ ! -s "${STREAM_DIR}/lost.log" ] || { note "lost answers:"; head -n 20 "${STREAM_DIR}/lost.log" >> "${SLOG}"; }
  STREAM_DIR=""
}

stream_count() { cat "${STREAM_DIR}"/*.results 2>/dev/null | wc -l; }

stream_wait() { # stream_wait N: until the running stream has N more answers (at most 60 s)
  local target=$(( $(stream_count) + $1 )) deadline=$((SECONDS + 60))
  while [ "$(stream_count)" -lt "${target}" ] && [ "${SECONDS}" -lt "${deadline}" ]; do sleep 0.5; done
}

active_replica() { # active_replica: the replica whose review counter moves most under the running stream
  local pod before after best="" best_delta=-1
  declare -A start
  for pod in $(webhook_pods); do start[${pod}]="$(pod_metric "${pod}" manifest_guard_admission_requests_total '')"; done
  stream_wait 6
  for pod in "${!start[@]}"; do
    after="$(pod_metric "${pod}" manifest_guard_admission_requests_total '')"
    before="${start[${pod}]}"
    note "${pod}: ${before} -> ${after} reviews"
    if [ $((after - before)) -gt "${best_delta}" ]; then best="${pod}"; best_delta=$((after - before)); fi
  done
  echo "${best}"
}
