# latency the webhook adds to kubectl apply --dry-run=server: p50/p99 with and without the webhook configuration, same run
# Samples alternate in blocks (with, without, with, ...) so that drift in the machine's load hits both.
# Two figures per sample: the wall time of the whole kubectl apply (what a user waits for), and the
# apiserver's time for the POST that runs admission, as kubectl -v=6 logs it.

latency_block() { # latency_block LABEL N: N dry-run applies; appends "LABEL WALL_MS POST_MS" lines
  local label="$1" n="$2" i t0 t1 out post
  for ((i = 0; i < n; i++)); do
    t0="$(date +%s%N)"
    out="$("${KUBECTL}" apply --dry-run=server -v=6 -f "${RUN_DIR}/latency.yaml" 2>&1)" || { note "apply failed: ${out}"; return 1; }
    t1="$(date +%s%N)"
    # kubectl -v=6 logs each response: `"Response" verb="POST" url="...dryRun=All..." ... milliseconds=7`.
    post="$(grep -F 'POST' <<<"${out}" | grep -F 'dryRun=All' \
      | sed -n -e 's/.*milliseconds=\([0-9]*\).*/\1/p' -e 's/.* in \([0-9]*\) milliseconds.*/\1/p' | tail -n 1)"
    [ -n "${post}" ] || { note "no POST timing in kubectl's log:"; note "${out}"; return 1; }
    printf '%s %s %s\n' "${label}" "$(((t1 - t0) / 1000000))" "${post}" >> "${RUN_DIR}/latency.samples"
  done
}

webhook_calls_probe() { # a credential in a ConfigMap: denied while the webhook is registered
  kc apply --dry-run=server -f - < <(printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe, namespace: e2e-n5}\ndata: {DB_PASSWORD: e2e-Not-Real-5a1b}\n')
  [ "${RC}" -ne 0 ] && expect_output '[secret-in-env]'
}
webhook_silent_probe() { ! webhook_calls_probe; }

percentiles() { # percentiles LABEL COLUMN: "p50 p99" in ms of that column of LABEL's samples
  awk -v l="$1" -v c="$2" '$1 == l { print $c }' "${RUN_DIR}/latency.samples" | sort -n \
    | awk '{ v[NR] = $1 } END { i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999); printf "%d %d %d\n", v[i50], v[i99], NR }'
}

scenario_steps() {
  local ns=e2e-n5 per_block="${E2E_LATENCY_BLOCK:-20}" rounds="${E2E_LATENCY_ROUNDS:-3}" r
  mkns "${ns}" || return 1
  deployment "${ns}" latency-probe default "${PAUSE_REF}" > "${RUN_DIR}/latency.yaml"
  : > "${RUN_DIR}/latency.samples"
  "${KUBECTL}" get validatingwebhookconfiguration "${RELEASE}" -o json | python3 -c 'import json, sys
o = json.load(sys.stdin)
for k in ("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"):
    o["metadata"].pop(k, None)
json.dump(o, sys.stdout)' > "${RUN_DIR}/webhook-configuration.json" || { note "cannot save the configuration"; return 1; }
  latency_block warmup 5 || return 1
  for ((r = 0; r < rounds; r++)); do
    latency_block with "${per_block}" || return 1
    kc delete validatingwebhookconfiguration "${RELEASE}" || return 1
    eventually 20 webhook_silent_probe || return 1
    latency_block without "${per_block}" || return 1
    kc create -f "${RUN_DIR}/webhook-configuration.json" || return 1
    eventually 20 webhook_calls_probe || return 1
  done
  local w wo wp wop
  read -r -a w <<<"$(percentiles with 2)"
  read -r -a wo <<<"$(percentiles without 2)"
  read -r -a wp <<<"$(percentiles with 3)"
  read -r -a wop <<<"$(percentiles without 3)"
  figure "latency, kubectl apply --dry-run=server (wall, ${w[2]} samples each): with webhook p50 ${w[0]} ms p99 ${w[1]} ms; without p50 ${wo[0]} ms p99 ${wo[1]} ms; added p50 $((w[0] - wo[0])) ms"
  figure "latency, the apiserver's POST (admission included): with webhook p50 ${wp[0]} ms p99 ${wp[1]} ms; without p50 ${wop[0]} ms p99 ${wop[1]} ms; added p50 $((wp[0] - wop[0])) ms, p99 $((wp[1] - wop[1])) ms"
}
