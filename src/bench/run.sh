#!/usr/bin/env bash
# manifest-guard benchmark: the webhook against its own rules-off floor, the engine alone, the CLI against Go peers.
#
#   src/bench/run.sh [--duration SECONDS] [--warmup SECONDS] [--rate REQUESTS_PER_S] [--profile] [--nmt]
#                    [--only engine,webhook,cli,single]
#   src/bench/run.sh --soak [MINUTES] [--rate REQUESTS_PER_S]
#
# The webhook runs as in its pod: the JVM options, memory limit, CPU limit and webhook timeout are read from the
# chart's values.yaml (javaOpts, resources.limits, timeoutSeconds); the JVM sees the memory limit through
# -XX:MaxRAM and the CPU limit through -XX:ActiveProcessorCount, and is pinned to that many cores (the last ones)
# while the load generators get the others. The TLS certificate is a file, as the mounted Secret.
# Webhook phases: the floor (every rule off) and the full server run side by side on the same pinned CPU; after a
# closed-loop warm-up of each, closed-loop windows (wrk) alternate floor, main, main, floor, so that the machine's
# drift falls on both alike; then an open loop (vegeta, HTTP/2) at a fixed rate
# of half the floor's closed-loop capacity (--rate overrides) against both servers, then an overload (vegeta at twice
# the full server's capacity) that must be answered with 503s, not a growing queue, then a reconnect storm (vegeta
# at twice that, at least 8,000/s) after which open connections, RSS and the next review's answer are recorded.
# --soak runs only a soak instead: vegeta at --rate (default 1,000/s) over TLS for MINUTES (default 10), VmRSS sampled
# every 10 s; prints errors, RSS first/last/max and whether RSS stayed flat, and writes target/bench/soak.json.
# --profile records a JFR profile of each webhook run (target/bench/webhook-*.jfr) and of the engine loop.
# --nmt runs the full server with Native Memory Tracking and saves its summary (target/bench/nmt-main.txt).
# --warmup: closed-loop load before each server's measured runs, at least this long (default 90 s) and until the
#   JIT has settled, at most 300 s (see warm_until_settled); a third of it, at least 15 s, again over HTTP/2 before
#   the open-loop runs (see warm_h2). On its one CPU the webhook's C2
#   compiler takes minutes to catch up with Quarkus, Netty, Jackson and the rules: measured 2026-12-01 (rules on,
#   same server), 1,283-1,677 req/s after 20 s of load and 3,972 req/s after 90 s, with C2 still at 15% of the
#   CPU; the floor went from 3,419-3,653 to 5,076. A webhook pod serves for days, so the figure that matters is
#   the warm one; start-up and the first requests are measured separately (start to ready, warm-up).
# --only runs some sections (figures of the others are null in results.json).
# Builds the jar if needed, installs what it needs (wrk and hyperfine from Debian, vegeta and the peers from the Go
# module proxy, into ~/.cache/manifest-guard-bench), runs everything on this machine over loopback only, prints a
# table and writes target/bench/results.json. Figures are tracked, never asserted: the exit code is 0 whether
# targets are met or not (non-zero only when the benchmark itself cannot run).
#
# Environment:
#   MG_BENCH_CACHE          where the Go tools and the generated schemas go (default ~/.cache/manifest-guard-bench)
#   MG_BENCH_JAVA_OPTS      extra JVM options for the webhook and the CLI (default none: measured as shipped)
#   MG_BENCH_WEBHOOK_JVM    replaces the chart's javaOpts for the webhook (the limits are still applied)
#   MG_BENCH_CDS=0          no AppCDS archive for the webhook (default: a training run writes one, as the image)
#   MG_BENCH_PIN=0          do not pin the webhook and the load generators to separate cores
#   MG_BENCH_CORPUS         the real-world corpus (default ../shared/corpus/real-world)
#   MG_BENCH_TRY_UNSERVED=1 also try peers that the module proxy refused when this script was written
#   MG_BENCH_NO_INSTALL=1   install nothing; missing tools are recorded as errors
set -euo pipefail

DURATION=30
WARMUP=90
# The warm-up goes on past WARMUP until the compiler threads take under this share of the CPU (warm_until_settled).
MAX_WARMUP=300
WARM_CHUNK=15
JIT_SETTLED_PCT=3
CLK_TCK="$(getconf CLK_TCK)"
# Closed-loop windows: floor, main, main, floor, this many times (each window --duration seconds).
WINDOW_PAIRS=2
PROFILE=0
NMT=0
FIXED_RATE=""
ONLY="engine,webhook,cli,single"
SOAK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --soak) SOAK=10; shift; case "${1:-}" in [0-9]*) SOAK="$1"; shift ;; esac; ONLY="webhook" ;;
    --soak=*) SOAK="${1#*=}"; shift; ONLY="webhook" ;;
    --duration) DURATION="${2:?--duration needs a number of seconds}"; shift 2 ;;
    --duration=*) DURATION="${1#*=}"; shift ;;
    --warmup) WARMUP="${2:?--warmup needs a number of seconds}"; shift 2 ;;
    --warmup=*) WARMUP="${1#*=}"; shift ;;
    --profile) PROFILE=1; shift ;;
    --nmt) NMT=1; shift ;;
    --rate) FIXED_RATE="${2:?--rate needs requests per second}"; shift 2 ;;
    --only) ONLY="${2:?--only needs a list such as engine,webhook,cli,single}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see src/bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
case "$DURATION" in ''|*[!0-9]*|0) echo "run.sh: --duration must be a positive whole number of seconds" >&2; exit 2 ;; esac
case "$WARMUP" in ''|*[!0-9]*|0) echo "run.sh: --warmup must be a positive whole number of seconds" >&2; exit 2 ;; esac
[ "$WARMUP" -le "$MAX_WARMUP" ] || MAX_WARMUP="$WARMUP"
case "$SOAK" in *[!0-9]*|0) echo "run.sh: --soak must be a positive whole number of minutes" >&2; exit 2 ;; esac
case "$FIXED_RATE" in *[!0-9]*|0) echo "run.sh: --rate must be a positive whole number of requests per second" >&2; exit 2 ;; esac
[ -n "$SOAK" ] && FIXED_RATE="${FIXED_RATE:-1000}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench"
MIX="$ROOT/src/bench/mix"
APP="$ROOT/target/quarkus-app"
JAR="$APP/quarkus-run.jar"
LAUNCHER_SRC="$ROOT/src/main/dist/bin/manifest-guard"
CACHE="${MG_BENCH_CACHE:-$HOME/.cache/manifest-guard-bench}"
CORPUS_SRC="${MG_BENCH_CORPUS:-$ROOT/../shared/corpus/real-world}"
SINGLE_FILE="$CORPUS_SRC/microservices-demo/kubernetes-manifests__cartservice.yaml"
CONNECTIONS=16
MIN_OBJECTS=20000
STARTS=3
JAVA_OPTS=(${MG_BENCH_JAVA_OPTS:-})

# Peers and tools, pinned by exact version (module path, version, binary name).
VEGETA_MOD="github.com/tsenart/vegeta/v12"; VEGETA_VER="v12.13.0"
KUBE_SCORE_MOD="github.com/zegl/kube-score/cmd/kube-score"; KUBE_SCORE_VER="v1.20.0"
KUBECONFORM_MOD="github.com/yannh/kubeconform/cmd/kubeconform"; KUBECONFORM_VER="v0.7.0"
# kubeconform's JSON schemas, generated from the apiserver's OpenAPI document in this Go module (k8s-json-schemas.py).
K8S_MOD="k8s.io/kubernetes"; K8S_VER="v1.33.13"
# Polaris tags (v10.x) are not valid for its module path (no /v10 suffix), so only a pseudo-version names a release.
POLARIS_MOD="github.com/fairwindsops/polaris"; POLARIS_VER="v0.0.0-20260821134505-c0e23a233b20"
KUBE_LINTER_MOD="golang.stackrox.io/kube-linter/cmd/kube-linter"; KUBE_LINTER_VER="v0.7.6"
UNSERVED_NOTE="the Go module proxy reachable here refused this module (checked 2026-11-23); MG_BENCH_TRY_UNSERVED=1 retries"

mkdir -p "$OUT" "$CACHE"
rm -f "$OUT"/*.out "$OUT"/*.err "$OUT"/*.json "$OUT"/*.txt "$OUT"/*.bin "$OUT"/*.jfr "$OUT"/*.log
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  for p in "${SHARED_CGROUPS[@]:-}"; do
    [ -n "$p" ] && rmdir "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$1" "$2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
load1() { cut -d' ' -f1 /proc/loadavg; }
# key=value facts collected for the final JSON
fact() { printf '%s\t%s\n' "$1" "$2" >> "$OUT/facts.tsv"; }
: > "$OUT/facts.tsv"

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
fact load_start "$LOAD_START"
log "duration ${DURATION}s, warm-up ${WARMUP}s, load average at start: $LOAD_START"

# ---------------------------------------------------------------- the pod, as the chart sets it
eval "$(python3 - "$ROOT/helm/manifest-guard/values.yaml" <<'PY'
import math, re, shlex, sys
import yaml
v = yaml.safe_load(open(sys.argv[1]))
lim = (v.get("resources") or {}).get("limits") or {}
units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 10**3, "M": 10**6, "G": 10**9, "": 1}
m = re.fullmatch(r"(\d+)(Ki|Mi|Gi|K|M|G|)", str(lim.get("memory", "")))
mem = int(m.group(1)) * units[m.group(2)] if m else 0
cpu = str(lim.get("cpu", ""))
cpus = math.ceil(int(cpu[:-1]) / 1000) if cpu.endswith("m") else (math.ceil(float(cpu)) if cpu else 0)
for k, val in (("MEM_LIMIT_BYTES", mem), ("MEM_LIMIT", lim.get("memory", "")), ("CPU_LIMIT", cpu),
               ("POD_CPUS", cpus), ("CHART_JAVA_OPTS", v.get("javaOpts") or ""),
               ("WEBHOOK_TIMEOUT", v.get("timeoutSeconds") or 10)):
    print("%s=%s" % (k, shlex.quote(str(val))))
PY
)"
[ "$MEM_LIMIT_BYTES" -gt 0 ] || { echo "run.sh: no resources.limits.memory in the chart's values.yaml" >&2; exit 1; }
NCPU="$(nproc)"
[ "$POD_CPUS" -gt 0 ] && [ "$POD_CPUS" -le "$NCPU" ] || POD_CPUS="$NCPU"
WEBHOOK_JVM=(${MG_BENCH_WEBHOOK_JVM-$CHART_JAVA_OPTS} -XX:MaxRAM="$MEM_LIMIT_BYTES" -XX:ActiveProcessorCount="$POD_CPUS")
SERVER_PIN=(); LOAD_PIN=()
if [ "${MG_BENCH_PIN:-1}" = 1 ] && command -v taskset >/dev/null && [ "$NCPU" -gt "$POD_CPUS" ]; then
  SERVER_PIN=(taskset -c "$((NCPU - POD_CPUS))-$((NCPU - 1))")
  LOAD_PIN=(taskset -c "0-$((NCPU - POD_CPUS - 1))")
fi
fact mem_limit "$MEM_LIMIT"; fact mem_limit_mb "$(( MEM_LIMIT_BYTES / 1048576 ))"; fact cpu_limit "$CPU_LIMIT"
fact webhook_jvm "${WEBHOOK_JVM[*]}"; fact webhook_timeout_s "$WEBHOOK_TIMEOUT"
fact webhook_cpus "${SERVER_PIN[*]:-not pinned}"; fact load_cpus "${LOAD_PIN[*]:-not pinned}"
log "webhook as in its pod: limits memory $MEM_LIMIT, cpu $CPU_LIMIT; java ${WEBHOOK_JVM[*]}; ${SERVER_PIN[*]:-not pinned}"

# ---------------------------------------------------------------- build
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  log "building the jar (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
[ -f "$JAR" ] || { echo "run.sh: $JAR was not built" >&2; exit 1; }
# As the image runs it: BoringSSL unpacked from its jar once and loaded from there (the entrypoint's
# java.library.path), not unpacked into /tmp by Netty at every start.
rm -rf "$OUT/native"
if python3 "$ROOT/src/build/jar-native.py" "$APP/lib" "$OUT/native"; then
  WEBHOOK_JVM+=(-Djava.library.path="$OUT/native")
  fact webhook_jvm "${WEBHOOK_JVM[*]}"
fi

# ---------------------------------------------------------------- tools
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
missing_apt=()
command -v wrk >/dev/null || missing_apt+=(wrk)
command -v hyperfine >/dev/null || missing_apt+=(hyperfine)
command -v openssl >/dev/null || missing_apt+=(openssl)
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
# k8s_schemas: prints the directory of kubeconform's schemas, generating them once from the module's swagger.json.
k8s_schemas() {
  local dir="$CACHE/k8s-json-schemas-$K8S_VER" src
  if [ -f "$dir/done" ]; then echo "$dir"; return 0; fi
  if [ -n "${MG_BENCH_NO_INSTALL:-}" ] || ! command -v go >/dev/null; then
    echo "no schemas: go missing or MG_BENCH_NO_INSTALL set" > "$OUT/kubeconform.install.err"; return 0
  fi
  log "generating kubeconform's schemas from $K8S_MOD@$K8S_VER (go mod download)"
  if src="$(cd "$CACHE" && GOFLAGS=-mod=mod timeout 900 go mod download -json "$K8S_MOD@$K8S_VER" 2> "$OUT/k8s-schemas.log" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')" \
      && rm -rf "$dir" && python3 "$ROOT/src/bench/k8s-json-schemas.py" "$src/api/openapi-spec/swagger.json" "$dir" >> "$OUT/k8s-schemas.log" 2>&1; then
    touch "$dir/done"; echo "$dir"
  else
    echo "could not generate the schemas: $(tail -n 2 "$OUT/k8s-schemas.log" | tr '\n' ' ')" > "$OUT/kubeconform.install.err"
  fi
}
VEGETA=""; KUBE_SCORE=""; KUBECONFORM=""; SCHEMAS=""; POLARIS=""; KUBE_LINTER=""
if want webhook; then VEGETA="$(go_tool vegeta "$VEGETA_MOD" "$VEGETA_VER")"; fi
if want cli; then
  KUBE_SCORE="$(go_tool kube-score "$KUBE_SCORE_MOD" "$KUBE_SCORE_VER")"
  KUBECONFORM="$(go_tool kubeconform "$KUBECONFORM_MOD" "$KUBECONFORM_VER")"
  [ -n "$KUBECONFORM" ] && SCHEMAS="$(k8s_schemas)"
  [ -n "$SCHEMAS" ] || KUBECONFORM=""
  if [ -n "${MG_BENCH_TRY_UNSERVED:-}" ]; then
    POLARIS="$(go_tool polaris "$POLARIS_MOD" "$POLARIS_VER")"
    KUBE_LINTER="$(go_tool kube-linter "$KUBE_LINTER_MOD" "$KUBE_LINTER_VER")"
  else
    [ -x "$CACHE/polaris-$POLARIS_VER/polaris" ] && POLARIS="$CACHE/polaris-$POLARIS_VER/polaris" \
      || echo "$UNSERVED_NOTE" > "$OUT/polaris.install.err"
    [ -x "$CACHE/kube-linter-$KUBE_LINTER_VER/kube-linter" ] && KUBE_LINTER="$CACHE/kube-linter-$KUBE_LINTER_VER/kube-linter" \
      || echo "$UNSERVED_NOTE" > "$OUT/kube-linter.install.err"
  fi
fi

# ---------------------------------------------------------------- engine alone
log "engine: compiling src/bench/java and running a warm loop for ${DURATION}s on one core"
CP="$ROOT/target/classes:$APP/lib/main/*"
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
javac -nowarn -d "$OUT/classes" -cp "$CP" $(find "$ROOT/src/bench/java" -name '*.java')
ENGINE_JFR=()
[ "$PROFILE" = 1 ] && ENGINE_JFR=(-XX:StartFlightRecording=filename="$OUT/engine.jfr",settings=profile)
if want engine && [ -z "$SOAK" ]; then
  taskset -c "$((NCPU - 1))" java "${ENGINE_JFR[@]}" -cp "$OUT/classes:$CP" dev.manifestguard.bench.EngineBench engine "$MIX" "$DURATION" \
    > "$OUT/engine.out" 2> "$OUT/engine.err" || log "engine bench failed: $(tail -n 3 "$OUT/engine.err")"
  cat "$OUT/engine.err" >&2 || true
fi

# The floor: the same server with every rule off (ids from the registry, so the policy parser accepts them all).
java -cp "$OUT/classes:$CP" dev.manifestguard.bench.EngineBench rule-ids > "$OUT/rule-ids.txt"
{ echo "# every rule off: the webhook's floor (HTTP, TLS, JSON, AdmissionReview in and out)"; echo "rules:"
  sed 's/^\(.*\)$/  \1: "off"/' "$OUT/rule-ids.txt"; } > "$OUT/policy-floor.yaml"
printf 'rules: {}\n' > "$OUT/policy-default.yaml"

# ---------------------------------------------------------------- webhook
# A serving certificate in files, as the pod gets it from its Secret (no self-signed pair generated at start), with
# an ECDSA P-256 key as the chart makes it (until 2026-12-02 this was RSA-2048, as the chart's self-signed mode was).
TLS_DIR="$OUT/tls-p256"
if want webhook && [ ! -f "$TLS_DIR/tls.key" ]; then
  mkdir -p "$TLS_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=manifest-guard.bench.svc" \
    -addext "subjectAltName=DNS:manifest-guard.bench.svc,IP:127.0.0.1" \
    -keyout "$TLS_DIR/tls.key" -out "$TLS_DIR/tls.crt" 2> "$OUT/openssl.err" || log "openssl failed: $(tail -n 2 "$OUT/openssl.err")"
fi
SERVER_PID=""
HTTP_PORT=""; HTTPS_PORT=""
# launch_server NAME POLICY_FILE [JVM_OPTION...]: starts the webhook as in its pod and waits until it is ready;
# READY_S is the wall time from exec to the first 200 of /q/health/ready.
launch_server() {
  local name="$1" policy="$2" t0 t1; shift 2
  HTTP_PORT="$(free_port)"; HTTPS_PORT="$(free_port)"
  t0="$(now)"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_HTTP_SSL_PORT="$HTTPS_PORT" \
    MANIFEST_GUARD_POLICY="$policy" MANIFEST_GUARD_TLS_CERT="$TLS_DIR/tls.crt" MANIFEST_GUARD_TLS_KEY="$TLS_DIR/tls.key" \
    env -u KUBECONFIG "${SERVER_PIN[@]}" java "${WEBHOOK_JVM[@]}" "${JAVA_OPTS[@]}" "$@" -jar "$JAR" \
    > "$OUT/webhook-$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  local deadline=$(( $(date +%s) + 90 ))
  until curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "webhook ($name) exited: $(tail -n 5 "$OUT/webhook-$name.log")"; return 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then log "webhook ($name) not ready after 90 s"; return 1; fi
    sleep 0.01
  done
  t1="$(now)"
  READY_S="$(elapsed "$t0" "$t1")"
}
# start_server NAME POLICY_FILE: launch_server with JFR/NMT as asked, and records NAME_ready_s.
start_server() {
  local name="$1" opts=()
  [ "$PROFILE" = 1 ] && opts+=(-XX:StartFlightRecording=filename="$OUT/webhook-$name.jfr",settings=profile)
  [ "$NMT" = 1 ] && [ "$name" = main ] && opts+=(-XX:NativeMemoryTracking=summary)
  launch_server "$@" "${opts[@]}" || return 1
  fact "${name}_ready_s" "$READY_S"
  log "webhook ($name) ready in $READY_S s (https 127.0.0.1:$HTTPS_PORT, pid $SERVER_PID)"
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
SAMPLER=""
rss_phase() { # rss_phase NAME: samples RSS into rss-NAME.txt until the next rss_phase or rss_end
  rss_end; : > "$OUT/rss-$1.txt"; sample_rss "$OUT/rss-$1.txt" & SAMPLER=$!; PIDS+=("$SAMPLER")
}
rss_end() { [ -z "$SAMPLER" ] || { kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""; }; }

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
wrk_at() { # wrk_at PORT THREADS SECONDS OUTFILE: the closed loop over the mix against one server
  "${LOAD_PIN[@]}" wrk -t"$2" -c"$CONNECTIONS" -d"$3s" --timeout 10s -s "$ROOT/src/bench/wrk-mix.lua" \
    "https://127.0.0.1:$1" -- "$MIX" > "$4" 2>&1 || log "wrk failed: $(tail -n 3 "$4")"
}
run_wrk() { wrk_at "$HTTPS_PORT" 2 "$1" "$2"; } # run_wrk SECONDS OUTFILE: against the server in use
wrk_rps() { sed -n 's/^WRK_JSON .*"rps": \([0-9.]*\).*/\1/p' "$1" | cut -d. -f1; }
vegeta_targets() {
  : > "$OUT/vegeta-targets.txt"
  while read -r item; do
    [ -n "$item" ] && printf 'POST https://127.0.0.1:%s/validate\nContent-Type: application/json\n@%s\n\n' \
      "$HTTPS_PORT" "$MIX/$item.json" >> "$OUT/vegeta-targets.txt"
  done < "$MIX/order.txt"
}
# waited: the server's manifest_guard_admission_waited_total (reviews that waited for a place) as "ADMITTED EXPIRED",
# from one read of its metrics
waited() {
  curl -sf --max-time 5 "http://127.0.0.1:$HTTP_PORT/q/metrics" 2>/dev/null | awk '
    $1 == "manifest_guard_admission_waited_total{outcome=\"admitted\"}" {a = $2}
    $1 == "manifest_guard_admission_waited_total{outcome=\"expired\"}" {e = $2}
    END {printf "%d %d\n", a, e}'
}
run_vegeta() { # run_vegeta NAME RATE SECONDS: open loop over HTTP/2 (as the apiserver), the webhook's timeout
  local before after
  before="$(waited)"
  vegeta_targets
  "${LOAD_PIN[@]}" "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate="$2/1s" -duration="$3s" \
    -insecure -timeout="${WEBHOOK_TIMEOUT}s" -workers=16 > "$OUT/vegeta-$1.bin" 2>> "$OUT/vegeta.err" \
    || log "vegeta attack failed: $(tail -n 3 "$OUT/vegeta.err")"
  "$VEGETA" report -type=json "$OUT/vegeta-$1.bin" > "$OUT/vegeta-$1.out" 2>> "$OUT/vegeta.err" || true
  fact "load_during_vegeta_$1" "$(load1)"
  # Reviews that waited for a place during the attack: admitted in time, and answered 503 after max-wait.
  after="$(waited)"
  fact "waited_$1" "$(( ${after% *} - ${before% *} )) $(( ${after#* } - ${before#* } ))"
}
# cpu_ticks STAT_FILE: user + system CPU time (clock ticks) from a /proc/.../stat file. The fields are counted after
# the command name's closing parenthesis: a thread name holds spaces ("C2 CompilerThre"), which shifted every field
# by one when counted from the start (that read the compiler threads' user time only, until 2026-12-02).
cpu_ticks() { awk -F') ' '{split($NF, f, " "); print f[12] + f[13]}' "$1" 2>/dev/null || echo 0; }
# jit_ms PID: CPU time (ms) of the JVM's compiler threads so far
jit_ms() {
  local task sum=0
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) sum=$((sum + $(cpu_ticks "$task/stat"))) ;;
    esac
  done
  echo $((sum * 1000 / CLK_TCK))
}
# warm_until_settled NAME PATH MIN_SECONDS: closed-loop load on the server, not measured, in chunks of WARM_CHUNK
# seconds, at least MIN_SECONDS and until the JIT has settled (its compiler threads took under JIT_SETTLED_PCT % of
# the last chunk's time), at most MAX_WARMUP seconds. PATH is wrk (HTTP/1.1) or h2 (vegeta, HTTP/2, as the
# apiserver). Why: the rules-on server's compilers took a fifth of its CPU until 90-105 s of load and then
# 0.3-1.7% (measured 2026-12-02 under wrk: 1,840 req/s at 90 s, 3,374 at 105 s), and how many seconds that takes
# follows the builder's speed (the compile thresholds count invocations): a fixed 90 s measured the end of the
# compilation on a slowed builder and compiled code on an idle one. Each chunk's rate and JIT share go to
# warmup-NAME-PATH.tsv; the time it took, the last share and the last rate are facts.
warm_until_settled() {
  local name="$1" path="$2" min="$3" t=0 j0 j1 pct rps
  log "webhook ($name): $path warm-up, at least ${min}s and until the JIT settles (at most ${MAX_WARMUP}s)"
  printf 'seconds\treq_per_s\tjit_pct\n' > "$OUT/warmup-$name-$path.tsv"
  [ "$path" = h2 ] && vegeta_targets
  while :; do
    j0="$(jit_ms "$SERVER_PID")"
    if [ "$path" = h2 ]; then
      "${LOAD_PIN[@]}" "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate=0 -max-workers=16 \
        -duration="${WARM_CHUNK}s" -insecure -timeout="${WEBHOOK_TIMEOUT}s" > "$OUT/vegeta-$name-warmup.bin" \
        2>> "$OUT/vegeta.err" || log "vegeta warm-up failed: $(tail -n 3 "$OUT/vegeta.err")"
      rps="$("$VEGETA" report -type=json "$OUT/vegeta-$name-warmup.bin" 2>/dev/null \
        | python3 -c 'import json, sys; print(round(json.load(sys.stdin)["throughput"]))' 2>/dev/null || echo 0)"
    else
      run_wrk "$WARM_CHUNK" "$OUT/wrk-$name-warmup.out"
      rps="$(wrk_rps "$OUT/wrk-$name-warmup.out")"
    fi
    j1="$(jit_ms "$SERVER_PID")"
    t=$((t + WARM_CHUNK))
    # A compiler thread that exits takes its time with it: a negative difference counts as none.
    pct="$(awk -v a="$j0" -v b="$j1" -v s="$WARM_CHUNK" 'BEGIN {d = b - a; if (d < 0) d = 0; printf "%.1f", d / (s * 10)}')"
    printf '%s\t%s\t%s\n' "$t" "${rps:-0}" "$pct" >> "$OUT/warmup-$name-$path.tsv"
    if [ "$t" -ge "$min" ] && awk -v p="$pct" -v m="$JIT_SETTLED_PCT" 'BEGIN {exit !(p < m)}'; then break; fi
    if [ "$t" -ge "$MAX_WARMUP" ]; then log "webhook ($name): JIT still at ${pct}% of the CPU after ${t}s: measuring anyway"; break; fi
  done
  log "webhook ($name): $path warm after ${t}s (${rps:-0} req/s, JIT ${pct}% of the CPU in the last ${WARM_CHUNK}s)"
  fact "${name}_warmup_${path}_s" "$t"
  fact "${name}_warmup_${path}_jit_pct" "$pct"
  # The last chunk's rate: the server's closed-loop capacity on that path right before it is measured (for h2, what
  # the open loop's fixed rate is a share of).
  fact "${name}_warmup_${path}_rps" "${rps:-0}"
}
# warm_h2 NAME: before an open-loop run, over HTTP/2. wrk warms only the HTTP/1.1 path; the apiserver (and vegeta)
# speak HTTP/2, whose code (Vert.x's HTTP/2 connection, HPACK) was still cold after wrk's warm-up: measured
# 2026-12-01 on one warm server, 1,375 req/s in the first 10 s over HTTP/2 and 3,171 in the next (wrk: 3,078 and
# 3,781), so the open loop right after wrk ran into the in-flight limit (503s) while it compiled.
warm_h2() { warm_until_settled "$1" h2 $(( WARMUP / 3 > WARM_CHUNK ? WARMUP / 3 : WARM_CHUNK )); }
# warm_wrk NAME: the closed-loop warm-up of a server before its windows
warm_wrk() { warm_until_settled "$1" wrk "$WARMUP"; }
# use_server NAME: the server (floor or main) that the next phases talk to
use_server() {
  case "$1" in
    floor) SERVER_PID="$FLOOR_PID"; HTTP_PORT="$FLOOR_HTTP"; HTTPS_PORT="$FLOOR_HTTPS" ;;
    main) SERVER_PID="$MAIN_PID"; HTTP_PORT="$MAIN_HTTP"; HTTPS_PORT="$MAIN_HTTPS" ;;
  esac
}
# windows_rps NAME: requests/s over all closed-loop windows of a server (total requests / total time), 0 if none
windows_rps() {
  { cat "$OUT"/wrk-"$1"-[0-9]*.out 2>/dev/null || true; } | sed -n 's/^WRK_JSON .*"requests": \([0-9]*\), "duration_us": \([0-9]*\).*/\1 \2/p' \
    | awk '{r += $1; d += $2} END {printf "%d", (d > 0 ? r / (d / 1e6) : 0)}'
}

# shared_windows: a cross-check of the alternating windows' ratio that the builder's drift cannot move. Both servers
# are loaded at once on their one shared CPU, 2 x WINDOW_PAIRS windows of DURATION, one wrk each (one thread), and each
# server's CPU time per request (from /proc) is compared within the same window, so a slower builder slows both
# alike. Each server goes into its own cpu cgroup with equal shares when /sys/fs/cgroup/cpu is writable (otherwise
# the scheduler splits the CPU by thread, which changes the throughputs but not the CPU per request). Measured
# 2026-12-02 with two floors: 1.00-1.03 in the windows after their JIT settled, while their throughput moved from
# 1,430 to 1,950 req/s with the builder.
SHARED_CGROUPS=()
shared_windows() {
  local i pf pm f0 m0 cg=0
  if mkdir -p /sys/fs/cgroup/cpu/manifest-guard-bench-floor /sys/fs/cgroup/cpu/manifest-guard-bench-main 2>/dev/null; then
    SHARED_CGROUPS=(/sys/fs/cgroup/cpu/manifest-guard-bench-floor /sys/fs/cgroup/cpu/manifest-guard-bench-main)
    echo "$FLOOR_PID" > "${SHARED_CGROUPS[0]}/cgroup.procs" 2>/dev/null \
      && echo "$MAIN_PID" > "${SHARED_CGROUPS[1]}/cgroup.procs" 2>/dev/null && cg=1
  fi
  fact shared_cgroups "$cg"
  for i in $(seq 1 $((WINDOW_PAIRS * 2))); do
    log "webhook (floor and main at once): shared-CPU window $i, ${DURATION}s at $CONNECTIONS connections each"
    f0="$(cpu_ticks "/proc/$FLOOR_PID/stat")"; m0="$(cpu_ticks "/proc/$MAIN_PID/stat")"
    wrk_at "$FLOOR_HTTPS" 1 "$DURATION" "$OUT/shared-floor-$i.out" & pf=$!
    wrk_at "$MAIN_HTTPS" 1 "$DURATION" "$OUT/shared-main-$i.out" & pm=$!
    wait "$pf" "$pm" || true
    fact "shared_cpu_ms_floor_$i" "$(( ($(cpu_ticks "/proc/$FLOOR_PID/stat") - f0) * 1000 / CLK_TCK ))"
    fact "shared_cpu_ms_main_$i" "$(( ($(cpu_ticks "/proc/$MAIN_PID/stat") - m0) * 1000 / CLK_TCK ))"
  done
}

# ---------------------------------------------------------------- soak (--soak MINUTES): only this, then exit
if [ -n "$SOAK" ]; then
  [ -n "$VEGETA" ] || { echo "run.sh: vegeta is not installed: $(cat "$OUT/vegeta.install.err" 2>/dev/null)" >&2; exit 1; }
  start_server soak "$OUT/policy-default.yaml" || exit 1
  precheck soak
  vegeta_targets
  log "soak: vegeta at $FIXED_RATE requests/s over TLS (HTTP/2) for $SOAK minute(s), RSS every 10 s"
  : > "$OUT/soak-rss.tsv"
  ( t=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      printf '%s\t%s\t%s\n' "$t" "$(rss_mb "$SERVER_PID")" "$(load1)" >> "$OUT/soak-rss.tsv"
      sleep 10; t=$((t + 10)); done ) & PIDS+=($!)
  "${LOAD_PIN[@]}" "$VEGETA" attack -format=http -targets="$OUT/vegeta-targets.txt" -rate="$FIXED_RATE/1s" \
    -duration="$((SOAK * 60))s" -insecure -timeout="${WEBHOOK_TIMEOUT}s" -workers=16 > "$OUT/soak.bin" 2> "$OUT/vegeta.err" \
    || log "vegeta attack failed: $(tail -n 3 "$OUT/vegeta.err")"
  "$VEGETA" report -type=json "$OUT/soak.bin" > "$OUT/soak-vegeta.json" 2>> "$OUT/vegeta.err" || true
  fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  stop_server
  python3 "$ROOT/src/bench/report.py" --soak "$ROOT" "$OUT" "$SOAK" "$FIXED_RATE" "$LOAD_START" "$MEM_LIMIT_BYTES"
  exit 0
fi

if want webhook && command -v wrk >/dev/null && [ -n "$VEGETA" ] && [ -f "$TLS_DIR/tls.key" ]; then
  # An AppCDS archive made as the image makes it: one training run of the webhook (start, each mix item once,
  # SIGTERM, the loaded classes linked at shutdown: CdsTrainingLinker) with -XX:ArchiveClassesAtExit, then every
  # start below with -XX:SharedArchiveFile.
  if [ "${MG_BENCH_CDS:-1}" = 1 ]; then
    rm -f "$OUT/app-cds.jsa"
    if launch_server cds-training "$OUT/policy-default.yaml" -XX:ArchiveClassesAtExit="$OUT/app-cds.jsa" -Xlog:cds*=off \
        --add-opens java.base/java.lang=ALL-UNNAMED -Dmanifest-guard.cds-training=true; then
      precheck cds-training
      stop_server
    fi
    if [ -s "$OUT/app-cds.jsa" ]; then
      WEBHOOK_JVM+=(-XX:SharedArchiveFile="$OUT/app-cds.jsa" -Xshare:auto -Xlog:cds*=off)
      fact webhook_jvm "${WEBHOOK_JVM[*]}"
      log "AppCDS archive written by a training run: $(du -h "$OUT/app-cds.jsa" | cut -f1)"
    else
      log "no AppCDS archive written (see $OUT/webhook-cds-training.log): the webhook runs without one"
    fi
  fi
  # Start to ready, STARTS times (the median is the figure): nothing else runs meanwhile.
  for i in $(seq 1 "$STARTS"); do
    if launch_server "start-$i" "$OUT/policy-default.yaml"; then
      fact "ready_s_$i" "$READY_S"; fact "rss_ready_mb_$i" "$(rss_mb "$SERVER_PID")"
      log "webhook start $i: ready in $READY_S s"
    fi
    kill -9 "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  done

  # Both servers run side by side on the same pinned CPU, each idle while the other is measured. The closed-loop
  # windows alternate floor, main, main, floor (WINDOW_PAIRS times), so that the builder's drift (its neighbours'
  # load moves a server's speed by 10-60% within minutes) falls on both alike; before that, one server measured
  # minutes after the other gave ratios from 0.56 to 0.86 for the same code.
  FLOOR_PID=""; MAIN_PID=""
  rm -f "$OUT"/wrk-*.out
  if start_server floor "$OUT/policy-floor.yaml"; then
    FLOOR_PID="$SERVER_PID"; FLOOR_HTTP="$HTTP_PORT"; FLOOR_HTTPS="$HTTPS_PORT"
    precheck floor
    warm_wrk floor
  fi
  if start_server main "$OUT/policy-default.yaml"; then
    MAIN_PID="$SERVER_PID"; MAIN_HTTP="$HTTP_PORT"; MAIN_HTTPS="$HTTPS_PORT"
    sleep 2
    fact rss_idle_mb "$(rss_mb "$SERVER_PID")"
    precheck main
    rss_phase closed
    warm_wrk main
  fi
  if [ -n "$FLOOR_PID" ] && [ -n "$MAIN_PID" ]; then
    n=0
    for pair in $(seq 1 "$WINDOW_PAIRS"); do
      for name in floor main main floor; do
        n=$((n + 1))
        use_server "$name"
        log "webhook ($name): closed-loop window $n, ${DURATION}s at $CONNECTIONS connections"
        run_wrk "$DURATION" "$OUT/wrk-$name-$n.out"
        fact "load_during_wrk_${name}_$n" "$(load1)"
      done
    done
    shared_windows
  fi
  FLOOR_RPS="$(windows_rps floor)"
  FIXED_RATE="${FIXED_RATE:-$(( ${FLOOR_RPS:-0} / 2 ))}"
  [ "$FIXED_RATE" -gt 0 ] || FIXED_RATE=100
  fact fixed_rate "$FIXED_RATE"
  if [ -n "$FLOOR_PID" ]; then
    use_server floor
    warm_h2 floor
    log "webhook (floor): vegeta at $FIXED_RATE requests/s for ${DURATION}s (open loop, HTTP/2)"
    run_vegeta floor "$FIXED_RATE" "$DURATION"
    stop_server
  fi

  if [ -n "$MAIN_PID" ]; then
    use_server main
    rss_phase fixed
    warm_h2 main
    log "webhook (main): vegeta at $FIXED_RATE requests/s for ${DURATION}s (open loop, HTTP/2)"
    run_vegeta main "$FIXED_RATE" "$DURATION"
    OVERLOAD_RATE=$(( $(windows_rps main) * 2 ))
    [ "$OVERLOAD_RATE" -gt "$FIXED_RATE" ] || OVERLOAD_RATE=$(( FIXED_RATE * 2 ))
    fact overload_rate "$OVERLOAD_RATE"
    rss_phase overload
    log "webhook (main): overload, vegeta at $OVERLOAD_RATE requests/s (twice its capacity) for ${DURATION}s"
    run_vegeta overload "$OVERLOAD_RATE" "$DURATION"
    rss_end
    # Reconnect storm: so far beyond capacity that handshakes fall behind and vegeta, as any Go client, dials a new
    # connection for each request that finds none ready. Open connections and RSS must stay bounded, and the next
    # review after the storm must be answered at once (README, Failure modes).
    STORM_RATE=$(( OVERLOAD_RATE * 2 )); [ "$STORM_RATE" -ge 8000 ] || STORM_RATE=8000
    fact storm_rate "$STORM_RATE"
    rss_phase storm
    ( while kill -0 "$SERVER_PID" 2>/dev/null; do ls "/proc/$SERVER_PID/fd" 2>/dev/null | wc -l; sleep 0.2; done ) \
      > "$OUT/fds-storm.txt" & FDS_SAMPLER=$!; PIDS+=("$FDS_SAMPLER")
    log "webhook (main): reconnect storm, vegeta at $STORM_RATE requests/s for ${DURATION}s"
    run_vegeta storm "$STORM_RATE" "$DURATION"
    kill "$FDS_SAMPLER" 2>/dev/null; wait "$FDS_SAMPLER" 2>/dev/null || true
    rss_end
    fact storm_fds_max "$(sort -n "$OUT/fds-storm.txt" | tail -n 1)"
    t0="$(now)"; storm_code=""
    for _ in 1 2 3 4 5 6; do
      storm_code="$(curl -sk --max-time 5 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary "@$MIX/pod-small.json" "https://127.0.0.1:$HTTPS_PORT/validate" || true)"
      [ "$storm_code" = 200 ] && break
    done
    fact storm_next_review_code "$storm_code"; fact storm_next_review_s "$(elapsed "$t0" "$(now)")"
    [ "$NMT" = 1 ] && jcmd "$SERVER_PID" VM.native_memory summary > "$OUT/nmt-main.txt" 2>&1
    jcmd "$SERVER_PID" GC.heap_info > "$OUT/heap-main.txt" 2>&1 || true
    grep -E '^(Threads|VmHWM)' "/proc/$SERVER_PID/status" > "$OUT/proc-main.txt" 2>/dev/null || true
    stop_server
  fi
else
  if want webhook; then log "wrk, vegeta or the TLS certificate is missing: webhook not measured"; fi
fi

# ---------------------------------------------------------------- the CLI as users run it
# A release-like layout: the launcher script next to the application it starts (lib/quarkus-app), with its CDS
# archive in a fresh cache directory (created by its first run, i.e. by hyperfine's warm-up).
CLI=(java "${JAVA_OPTS[@]}" -jar "$JAR")
if [ -f "$LAUNCHER_SRC" ]; then
  rm -rf "$OUT/dist" && mkdir -p "$OUT/dist/bin" "$OUT/dist/lib"
  cp "$LAUNCHER_SRC" "$OUT/dist/bin/manifest-guard" && chmod +x "$OUT/dist/bin/manifest-guard"
  ln -s "$APP" "$OUT/dist/lib/quarkus-app"
  export MANIFEST_GUARD_CDS_DIR="$OUT/dist/cds"
  [ ${#JAVA_OPTS[@]} -gt 0 ] && export MANIFEST_GUARD_JAVA_OPTS="${JAVA_OPTS[*]}"
  CLI=("$OUT/dist/bin/manifest-guard")
fi
fact cli_command "${CLI[*]}"

# ---------------------------------------------------------------- single-file CLI
if want single && command -v hyperfine >/dev/null; then
  log "CLI single file: hyperfine ($(basename "$SINGLE_FILE")), the launcher and plain java -jar"
  hyperfine -N -i --warmup 2 --runs 10 --export-json "$OUT/hyperfine.json" \
    "${CLI[*]} check -o json $SINGLE_FILE" "java ${JAVA_OPTS[*]} -jar $JAR check -o json $SINGLE_FILE" \
    > "$OUT/hyperfine.out" 2>&1 || log "hyperfine failed: $(tail -n 3 "$OUT/hyperfine.out")"
  fact load_during_single "$(load1)"
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
# The launcher writes its CDS archive on its first run: not in the timed one.
"${CLI[@]}" check -o json "$SINGLE_FILE" > /dev/null 2>&1 || true
timed cli-ours "${CLI[@]}" check -o json "$OUT/corpus"
fact load_during_cli "$(load1)"
if [ -n "$KUBE_SCORE" ]; then
  fact kube-score_version "$KUBE_SCORE_VER"
  (cd "$OUT/corpus" && find . -type f | sort > "$OUT/corpus-files.txt")
  ks() ( cd "$OUT/corpus" && xargs -a "$OUT/corpus-files.txt" -s 1900000 "$KUBE_SCORE" score )
  timed kube-score ks
  fact load_during_kube-score "$(load1)"
fi
if [ -n "$KUBECONFORM" ]; then
  # Schema validation of every object (strict, offline schemas); kinds without a schema (CRDs) are skipped.
  fact kubeconform_version "$KUBECONFORM_VER (schemas of $K8S_MOD $K8S_VER)"
  timed kubeconform "$KUBECONFORM" -strict -ignore-missing-schemas -summary -output json \
    -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$OUT/corpus"
  fact load_during_kubeconform "$(load1)"
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

# ---------------------------------------------------------------- results
fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/src/bench/report.py" "$ROOT" "$OUT" "$DURATION" "$CONNECTIONS" "${FIXED_RATE:-0}"
