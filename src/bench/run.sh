#!/usr/bin/env bash
# manifest-guard benchmark: the webhook against its own rules-off floor, the engine alone, the CLI against Go peers.
#
#   src/bench/run.sh [--duration SECONDS] [--rate REQUESTS_PER_S] [--profile] [--only engine,webhook,cli,single]
#   src/bench/run.sh --soak [MINUTES]
#
# --soak runs only a soak instead: vegeta at --rate (1,000/s) over TLS for MINUTES (default 10) against the webhook,
# VmRSS sampled every 10 s; prints errors, RSS first/last/max and whether RSS stayed flat (the last minute's mean
# within 10% of the second minute's), and writes target/bench/soak.json.
# --rate sets the open-loop rate (default 1000 requests/s, the target's rate).
# --profile records a JFR profile of each webhook run (target/bench/webhook-*.jfr) and of the engine loop.
# --only runs some sections (figures of the others are null in results.json).
# Builds the jar if needed, installs what it needs (wrk and hyperfine from Debian, vegeta and the peers from the Go
# module proxy, into ~/.cache/manifest-guard-bench), runs everything on this machine over loopback only, prints a
# table and writes target/bench/results.json. Figures are tracked, never asserted: the exit code is 0 whether
# targets are met or not (non-zero only when the benchmark itself cannot run).
#
# Environment:
#   MG_BENCH_CACHE          where the Go tools go (default ~/.cache/manifest-guard-bench)
#   MG_BENCH_JAVA_OPTS      extra JVM options for the webhook and the CLI (default none: measured as shipped)
#   MG_BENCH_WEBHOOK_JVM    JVM sizing for the webhook (default "-XX:MaxRAM=512m -XX:MaxRAMPercentage=50", as in
#                           its pod under the chart's 512Mi limit; set it empty for the JVM's own defaults)
#   MG_BENCH_CORPUS         the real-world corpus (default ../shared/corpus/real-world)
#   MG_BENCH_TRY_UNSERVED=1 also try peers that the module proxy refused when this script was written
#   MG_BENCH_NO_INSTALL=1   install nothing; missing tools are recorded as errors
set -euo pipefail

DURATION=30
PROFILE=0
FIXED_RATE=1000
ONLY="engine,webhook,cli,single"
SOAK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --soak) SOAK=10; shift; case "${1:-}" in [0-9]*) SOAK="$1"; shift ;; esac; ONLY="webhook" ;;
    --soak=*) SOAK="${1#*=}"; shift; ONLY="webhook" ;;
    --duration) DURATION="${2:?--duration needs a number of seconds}"; shift 2 ;;
    --duration=*) DURATION="${1#*=}"; shift ;;
    --profile) PROFILE=1; shift ;;
    --rate) FIXED_RATE="${2:?--rate needs requests per second}"; shift 2 ;;
    --only) ONLY="${2:?--only needs a list such as engine,webhook,cli,single}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see src/bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
case "$DURATION" in ''|*[!0-9]*|0) echo "run.sh: --duration must be a positive whole number of seconds" >&2; exit 2 ;; esac
case "$SOAK" in *[!0-9]*|0) echo "run.sh: --soak must be a positive whole number of minutes" >&2; exit 2 ;; esac
case "$FIXED_RATE" in ''|*[!0-9]*|0) echo "run.sh: --rate must be a positive whole number of requests per second" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench"
MIX="$ROOT/src/bench/mix"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CACHE="${MG_BENCH_CACHE:-$HOME/.cache/manifest-guard-bench}"
CORPUS_SRC="${MG_BENCH_CORPUS:-$ROOT/../shared/corpus/real-world}"
SINGLE_FILE="$CORPUS_SRC/microservices-demo/kubernetes-manifests__cartservice.yaml"
CONNECTIONS=16
MIN_OBJECTS=20000
WARMUP=$(( DURATION / 3 < 5 ? 5 : DURATION / 3 ))
JAVA_OPTS=(${MG_BENCH_JAVA_OPTS:-})
# The webhook runs as in its pod: the chart's memory limit (512Mi) seen by the JVM, half of it for the heap
# (the container image sizes the heap from the limit). MG_BENCH_WEBHOOK_JVM="" measures the bare JVM defaults.
WEBHOOK_JVM_STR="${MG_BENCH_WEBHOOK_JVM--XX:MaxRAM=512m -XX:MaxRAMPercentage=50}"
WEBHOOK_JVM=($WEBHOOK_JVM_STR)

# Peers and tools, pinned by exact version (module path, version, binary name).
VEGETA_MOD="github.com/tsenart/vegeta/v12"; VEGETA_VER="v12.13.0"
KUBE_SCORE_MOD="github.com/zegl/kube-score/cmd/kube-score"; KUBE_SCORE_VER="v1.20.0"
# Polaris tags (v10.x) are not valid for its module path (no /v10 suffix), so only a pseudo-version names a release.
POLARIS_MOD="github.com/fairwindsops/polaris"; POLARIS_VER="v0.0.0-20260821134505-c0e23a233b20"
KUBE_LINTER_MOD="golang.stackrox.io/kube-linter/cmd/kube-linter"; KUBE_LINTER_VER="v0.7.6"
UNSERVED_NOTE="the Go module proxy reachable here refused this module (checked 2026-11-23); MG_BENCH_TRY_UNSERVED=1 retries"

mkdir -p "$OUT" "$CACHE"
rm -f "$OUT"/*.out "$OUT"/*.err "$OUT"/*.json "$OUT"/*.txt "$OUT"/*.bin "$OUT"/*.jfr
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$1" "$2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# key=value facts collected for the final JSON
fact() { printf '%s\t%s\n' "$1" "$2" >> "$OUT/facts.tsv"; }
: > "$OUT/facts.tsv"

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
fact load_start "$LOAD_START"
log "duration ${DURATION}s, warm-up ${WARMUP}s, load average at start: $LOAD_START"
fact webhook_jvm "${WEBHOOK_JVM[*]:-}"

# ---------------------------------------------------------------- build
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  log "building the jar (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
[ -f "$JAR" ] || { echo "run.sh: $JAR was not built" >&2; exit 1; }

# ---------------------------------------------------------------- tools
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
missing_apt=()
command -v wrk >/dev/null || missing_apt+=(wrk)
command -v hyperfine >/dev/null || missing_apt+=(hyperfine)
if [ ${#missing_apt[@]} -gt 0 ] && [ -z "${MG_BENCH_NO_INSTALL:-}" ]; then
  log "installing ${missing_apt[*]} (apt-get)"
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq "${missing_apt[@]}" >&2 || log "apt-get failed for ${missing_apt[*]}"
fi

# go_tool NAME MODULE VERSION: prints the binary's path, or nothing (reason in $OUT/NAME.install.err).
go_tool() {
  local name="$1" mod="$2" ver="$3" dir="$CACHE/$1-$3"
  if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
  if [ -n "${MG_BENCH_NO_INSTALL:-}" ]; then echo "not installed (MG_BENCH_NO_INSTALL set)" > "$OUT/$name.install.err"; return 0; fi
  if ! command -v go >/dev/null; then echo "no go command on this machine" > "$OUT/$name.install.err"; return 0; fi
  log "installing $name $ver (go install $mod@$ver)"
  mkdir -p "$dir"
  if (cd "$CACHE" && GOBIN="$dir" GOFLAGS=-buildvcs=false timeout 900 go install "$mod@$ver") > "$OUT/$name.install.log" 2>&1 \
      && [ -x "$dir/$name" ]; then
    echo "$dir/$name"
  else
    grep -v '^go: downloading' "$OUT/$name.install.log" | tail -n 3 | tr '\n' ' ' > "$OUT/$name.install.err"
  fi
}
VEGETA=""; KUBE_SCORE=""; POLARIS=""; KUBE_LINTER=""
if want webhook; then VEGETA="$(go_tool vegeta "$VEGETA_MOD" "$VEGETA_VER")"; fi
if ! want cli; then
  :
elif [ -n "${MG_BENCH_TRY_UNSERVED:-}" ]; then
  KUBE_SCORE="$(go_tool kube-score "$KUBE_SCORE_MOD" "$KUBE_SCORE_VER")"
  POLARIS="$(go_tool polaris "$POLARIS_MOD" "$POLARIS_VER")"
  KUBE_LINTER="$(go_tool kube-linter "$KUBE_LINTER_MOD" "$KUBE_LINTER_VER")"
else
  KUBE_SCORE="$(go_tool kube-score "$KUBE_SCORE_MOD" "$KUBE_SCORE_VER")"
  [ -x "$CACHE/polaris-$POLARIS_VER/polaris" ] && POLARIS="$CACHE/polaris-$POLARIS_VER/polaris" \
    || echo "$UNSERVED_NOTE" > "$OUT/polaris.install.err"
  [ -x "$CACHE/kube-linter-$KUBE_LINTER_VER/kube-linter" ] && KUBE_LINTER="$CACHE/kube-linter-$KUBE_LINTER_VER/kube-linter" \
    || echo "$UNSERVED_NOTE" > "$OUT/kube-linter.install.err"
fi

# ---------------------------------------------------------------- engine alone
log "engine: compiling src/bench/java and running a warm loop for ${DURATION}s on one core"
CP="$ROOT/target/classes:$ROOT/target/quarkus-app/lib/main/*"
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
javac -nowarn -d "$OUT/classes" -cp "$CP" $(find "$ROOT/src/bench/java" -name '*.java')
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
ENGINE_JFR=()
[ "$PROFILE" = 1 ] && ENGINE_JFR=(-XX:StartFlightRecording=filename="$OUT/engine.jfr",settings=profile)
if want engine && [ -z "$SOAK" ]; then
  "${PIN[@]}" java "${ENGINE_JFR[@]}" -cp "$OUT/classes:$CP" dev.manifestguard.bench.EngineBench engine "$MIX" "$DURATION" \
    > "$OUT/engine.out" 2> "$OUT/engine.err" || log "engine bench failed: $(tail -n 3 "$OUT/engine.err")"
  cat "$OUT/engine.err" >&2 || true
fi

# The floor: the same server with every rule off (ids from the registry, so the policy parser accepts them all).
java -cp "$OUT/classes:$CP" dev.manifestguard.bench.EngineBench rule-ids > "$OUT/rule-ids.txt"
{ echo "# every rule off: the webhook's floor (HTTP, TLS, JSON, AdmissionReview in and out)"; echo "rules:"
  sed 's/^\(.*\)$/  \1: "off"/' "$OUT/rule-ids.txt"; } > "$OUT/policy-floor.yaml"
printf 'rules: {}\n' > "$OUT/policy-default.yaml"

# ---------------------------------------------------------------- webhook
SERVER_PID=""
HTTP_PORT=""; HTTPS_PORT=""
# start_server NAME POLICY_FILE: starts the webhook, waits until ready, records NAME_ready_s.
start_server() {
  local name="$1" policy="$2" t0 t1 opts=()
  HTTP_PORT="$(free_port)"; HTTPS_PORT="$(free_port)"
  [ "$PROFILE" = 1 ] && opts=(-XX:StartFlightRecording=filename="$OUT/webhook-$name.jfr",settings=profile)
  t0="$(now)"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_HTTP_SSL_PORT="$HTTPS_PORT" \
    MANIFEST_GUARD_POLICY="$policy" \
    env -u KUBECONFIG java "${WEBHOOK_JVM[@]}" "${JAVA_OPTS[@]}" "${opts[@]}" -jar "$JAR" > "$OUT/webhook-$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  local deadline=$(( $(date +%s) + 90 ))
  until curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "webhook ($name) exited: $(tail -n 5 "$OUT/webhook-$name.log")"; return 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then log "webhook ($name) not ready after 90 s"; return 1; fi
    sleep 0.01
  done
  t1="$(now)"
  fact "${name}_ready_s" "$(elapsed "$t0" "$t1")"
  log "webhook ($name) ready in $(elapsed "$t0" "$t1") s (https 127.0.0.1:$HTTPS_PORT, pid $SERVER_PID)"
}
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  # A server still draining a backlog of timed-out requests may take long to stop: 20 s, then SIGKILL.
  local i
  for i in $(seq 1 200); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    log "webhook (pid $SERVER_PID) still running 20 s after SIGTERM: killing it"
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }
# sample_rss FILE: samples the server's VmRSS every 0.2 s into FILE until killed
sample_rss() { while kill -0 "$SERVER_PID" 2>/dev/null; do rss_mb "$SERVER_PID" >> "$1"; echo >> "$1"; sleep 0.2; done; }
max_of() { sort -g "$1" | tail -n 1; }

# precheck NAME: each mix item once, checks allowed against expected.tsv and the uid; counts mismatches.
precheck() {
  local name="$1" bad=0 item expect got
  while IFS=$'\t' read -r item expect; do
    case "$item" in '#'*|'') continue ;; esac
    got="$(curl -sk --max-time 10 -H 'Content-Type: application/json' --data-binary "@$MIX/$item.json" \
      "https://127.0.0.1:$HTTPS_PORT/validate" | jq -r '.response.allowed' 2>/dev/null || true)"
    if [ "$name" = floor ]; then expect=true; fi
    if [ "$got" != "$expect" ]; then
      log "precheck ($name): $item answered allowed=${got:-<no AdmissionReview>}, expected $expect"; bad=$((bad + 1))
    fi
  done < "$MIX/expected.tsv"
  fact "${name}_precheck_mismatches" "$bad"
  [ "$bad" -eq 0 ] && log "precheck ($name): every mix item answered as expected"
  return 0
}
run_wrk() { # run_wrk SECONDS OUTFILE
  wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 10s -s "$ROOT/src/bench/wrk-mix.lua" \
    "https://127.0.0.1:$HTTPS_PORT" -- "$MIX" > "$2" 2>&1 || log "wrk failed: $(tail -n 3 "$2")"
}

# ---------------------------------------------------------------- soak (--soak MINUTES): only this, then exit
if [ -n "$SOAK" ]; then
  [ -n "$VEGETA" ] || { echo "run.sh: vegeta is not installed: $(cat "$OUT/vegeta.install.err" 2>/dev/null)" >&2; exit 1; }
  start_server soak "$OUT/policy-default.yaml" || exit 1
  precheck soak
  : > "$OUT/vegeta-targets.txt"
  while read -r item; do
    [ -n "$item" ] && printf 'POST https://127.0.0.1:%s/validate\nContent-Type: application/json\n@%s\n\n' \
      "$HTTPS_PORT" "$MIX/$item.json" >> "$OUT/vegeta-targets.txt"
  done < "$MIX/order.txt"
  log "soak: vegeta at $FIXED_RATE requests/s over TLS (HTTP/2) for $SOAK minute(s), RSS every 10 s"
  : > "$OUT/soak-rss.tsv"
  ( t=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      printf '%s\t%s\t%s\n' "$t" "$(rss_mb "$SERVER_PID")" "$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/soak-rss.tsv"
      sleep 10; t=$((t + 10)); done ) & PIDS+=($!)
  "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate="$FIXED_RATE/1s" -duration="$((SOAK * 60))s" \
    -insecure -timeout=10s -workers=16 > "$OUT/soak.bin" 2> "$OUT/vegeta.err" || log "vegeta attack failed: $(tail -n 3 "$OUT/vegeta.err")"
  "$VEGETA" report -type=json "$OUT/soak.bin" > "$OUT/soak-vegeta.json" 2>> "$OUT/vegeta.err" || true
  fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  stop_server
  python3 - "$OUT" "$SOAK" "$FIXED_RATE" "$LOAD_START" <<'PY'
import json, sys
out, minutes, rate, load_start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
v = json.load(open(out + "/soak-vegeta.json"))
rows = [l.split("\t") for l in open(out + "/soak-rss.tsv").read().split("\n") if l.strip()]
rows = [(int(t), float(r), float(la)) for t, r, la in rows if r]
rss = [r for _, r, _ in rows]
def mean(xs): return sum(xs) / len(xs) if xs else None
end = minutes * 60
second = mean([r for t, r, _ in rows if 60 <= t < 120])
last = mean([r for t, r, _ in rows if end - 60 <= t <= end])
codes = v.get("status_codes") or {}
errors = sum(n for c, n in codes.items() if not c.startswith("2"))
res = {
  "minutes": minutes, "rate": rate, "requests": v.get("requests"), "throughput": round(v.get("throughput", 0), 1),
  "success_ratio": v.get("success"), "errors": errors, "status_codes": codes,
  "error_samples": (v.get("errors") or [])[:5],
  "latency_ms": {k: round(v["latencies"][k] / 1e6, 2) for k in ("50th", "99th", "max")},
  "rss_mb": {"first": rss[0] if rss else None, "last": rss[-1] if rss else None, "max": max(rss) if rss else None,
             "second_minute_mean": second and round(second, 1), "last_minute_mean": last and round(last, 1)},
  "rss_flat": bool(second and last and abs(last - second) <= 0.1 * second),
  "rss_samples": rows, "load_start": load_start, "load_during": [la for _, _, la in rows],
}
json.dump(res, open(out + "/soak.json", "w"), indent=2)
r = res["rss_mb"]
print(f"soak: {minutes} min at {rate}/s: {res['requests']} requests, {res['throughput']}/s answered, "
      f"{errors} errors ({codes}), p50 {res['latency_ms']['50th']} ms, p99 {res['latency_ms']['99th']} ms")
print(f"RSS MiB: first {r['first']}, last {r['last']}, max {r['max']}; second-minute mean {r['second_minute_mean']}, "
      f"last-minute mean {r['last_minute_mean']}: {'flat' if res['rss_flat'] else 'NOT flat'} (within 10%)")
print(f"load average: at start {load_start}, during {min(res['load_during'] or [0])}-{max(res['load_during'] or [0])}")
PY
  exit 0
fi

WEBHOOK_OK=0
if want webhook && command -v wrk >/dev/null && start_server main "$OUT/policy-default.yaml"; then
  WEBHOOK_OK=1
  sleep 2
  fact rss_idle_mb "$(rss_mb "$SERVER_PID")"
  precheck main
  log "webhook: wrk warm-up ${WARMUP}s, then ${DURATION}s closed loop at $CONNECTIONS connections"
  run_wrk "$WARMUP" "$OUT/wrk-main-warmup.out"
  : > "$OUT/rss-load.txt"
  sample_rss "$OUT/rss-load.txt" & PIDS+=($!)
  run_wrk "$DURATION" "$OUT/wrk-main.out"
  fact load_during_wrk "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -n "$VEGETA" ]; then
    log "webhook: vegeta at $FIXED_RATE requests/s for ${DURATION}s (open loop, HTTP/2 as the apiserver)"
    : > "$OUT/vegeta-targets.txt"
    while read -r item; do
      [ -n "$item" ] && printf 'POST https://127.0.0.1:%s/validate\nContent-Type: application/json\n@%s\n\n' \
        "$HTTPS_PORT" "$MIX/$item.json" >> "$OUT/vegeta-targets.txt"
    done < "$MIX/order.txt"
    "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate="$FIXED_RATE/1s" -duration="${DURATION}s" \
      -insecure -timeout=10s -workers=16 > "$OUT/vegeta.bin" 2> "$OUT/vegeta.err" || log "vegeta attack failed: $(tail -n 3 "$OUT/vegeta.err")"
    "$VEGETA" report -type=json "$OUT/vegeta.bin" > "$OUT/vegeta.out" 2>> "$OUT/vegeta.err" || true
    # For comparison only (printed, not in results.json): the same rate over HTTP/1.1 keep-alive connections.
    sleep 5
    log "webhook: vegeta at $FIXED_RATE requests/s for ${DURATION}s over HTTP/1.1 (comparison)"
    "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate="$FIXED_RATE/1s" -duration="${DURATION}s" \
      -insecure -timeout=10s -workers=16 -http2=false > "$OUT/vegeta-http1.bin" 2>> "$OUT/vegeta.err" || true
    "$VEGETA" report -type=json "$OUT/vegeta-http1.bin" > "$OUT/vegeta-http1.out" 2>> "$OUT/vegeta.err" || true
  fi
  fact rss_load_mb "$(max_of "$OUT/rss-load.txt")"
  stop_server

  if start_server floor "$OUT/policy-floor.yaml"; then
    precheck floor
    log "webhook floor (every rule off): wrk warm-up ${WARMUP}s, then ${DURATION}s"
    run_wrk "$WARMUP" "$OUT/wrk-floor-warmup.out"
    run_wrk "$DURATION" "$OUT/wrk-floor.out"
    stop_server
  fi
else
  if want webhook && ! command -v wrk >/dev/null; then log "wrk is missing: webhook throughput not measured"; fi
  stop_server
fi

# ---------------------------------------------------------------- CLI on the replicated corpus
if want cli; then
log "CLI: replicating the real-world corpus to at least $MIN_OBJECTS objects"
python3 - "$CORPUS_SRC" "$OUT/corpus" "$MIN_OBJECTS" > "$OUT/corpus.out" <<'PY'
import math, os, shutil, sys
src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Files kube-score stops the whole run on (a duplicate key, a string where it wants a list, a bare list): left out
# for every tool, so all read the same files. The 5 archived templates that are not YAML stay out too.
PEER_UNREADABLE = {
    "kubernetes-examples-archived/_archived__persistent-volume-provisioning__quobyte__quobyte-admin-secret.yaml",
    "kubernetes-examples-archived/_archived__volumes__fibre_channel__fc.yaml",
    "prometheus-operator-examples/example__additional-scrape-configs__prometheus-additional.yaml",
}
rows = []
with open(os.path.join(src, "manifest.tsv")) as f:
    head = f.readline().rstrip("\n").split("\t")
    for line in f:
        r = dict(zip(head, line.rstrip("\n").split("\t")))
        if int(r["objects"]) >= 0 and r["file"] not in PEER_UNREADABLE:
            rows.append(r)
per_copy = sum(int(r["objects"]) for r in rows)
copies = math.ceil(want / per_copy)
shutil.rmtree(dst, ignore_errors=True)
for c in range(1, copies + 1):
    for r in rows:
        s = os.path.join(src, r["file"])
        d = os.path.join(dst, "copy-%02d" % c, r["file"])
        os.makedirs(os.path.dirname(d), exist_ok=True)
        try:
            os.link(s, d)
        except OSError:
            shutil.copyfile(s, d)
print(copies * len(rows), copies * per_copy, copies)
PY
read -r CORPUS_FILES CORPUS_OBJECTS CORPUS_COPIES < "$OUT/corpus.out"
fact corpus_files "$CORPUS_FILES"; fact corpus_objects "$CORPUS_OBJECTS"
log "CLI corpus: $CORPUS_FILES files, $CORPUS_OBJECTS objects ($CORPUS_COPIES copies of the parseable real-world files)"
find "$OUT/corpus" -type f -exec cat {} + > /dev/null   # same warm page cache for everyone

# timed NAME CMD...: runs once, records NAME_s and NAME_rc
timed() {
  local name="$1" t0 t1 rc; shift
  t0="$(now)"; set +e; "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; rc=$?; set -e; t1="$(now)"
  fact "${name}_s" "$(elapsed "$t0" "$t1")"; fact "${name}_rc" "$rc"
  log "$name: $(elapsed "$t0" "$t1") s (exit $rc)"
}
timed cli-ours java "${JAVA_OPTS[@]}" -jar "$JAR" check -o json "$OUT/corpus"
fact load_during_cli "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$KUBE_SCORE" ]; then
  fact kube-score_version "$KUBE_SCORE_VER"
  (cd "$OUT/corpus" && find . -type f | sort > "$OUT/corpus-files.txt")
  ks() ( cd "$OUT/corpus" && xargs -a "$OUT/corpus-files.txt" -s 1900000 "$KUBE_SCORE" score )
  timed kube-score ks
fi
if [ -n "$POLARIS" ]; then
  fact polaris_version "$POLARIS_VER"
  timed polaris "$POLARIS" audit --audit-path "$OUT/corpus" --format json
fi
if [ -n "$KUBE_LINTER" ]; then
  fact kube-linter_version "$KUBE_LINTER_VER"
  timed kube-linter "$KUBE_LINTER" lint --format json "$OUT/corpus"
fi
fi

# ---------------------------------------------------------------- single-file CLI
if want single && command -v hyperfine >/dev/null; then
  log "CLI single file: hyperfine ($(basename "$SINGLE_FILE"))"
  hyperfine -N -i --warmup 2 --runs 10 --export-json "$OUT/hyperfine.json" \
    "java ${JAVA_OPTS[*]} -jar $JAR check -o json $SINGLE_FILE" > "$OUT/hyperfine.out" 2>&1 \
    || log "hyperfine failed: $(tail -n 3 "$OUT/hyperfine.out")"
fi

# ---------------------------------------------------------------- results
fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/src/bench/report.py" "$ROOT" "$OUT" "$DURATION" "$CONNECTIONS" "$FIXED_RATE"
