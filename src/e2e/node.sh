#!/usr/bin/env bash
# The real-node suite: manifest-guard installed with `helm install` from an image built here, on a
# real single-node cluster (node-cluster.sh: containerd, kubelet, controllers, kube-proxy, CoreDNS),
# driven with kubectl and helm as an admin and a developer would.
#
#   src/e2e/node.sh                       every scenario
#   src/e2e/node.sh 6 replica-deleted     setup, scenario 1 (helm install) and these (number or name)
#   src/e2e/node.sh --list                list the scenarios
#
# Needs root and a kernel with overlayfs, bridges, veth, network namespaces, br_netfilter and cgroup v1
# (checked first, with a clear message). Prints one line per scenario and the measured figures,
# repeats them at the end, then 'N passed, N failed'. Everything it started is stopped by pid and
# every change to the host undone from an EXIT trap (node-cluster.sh down, which verifies it).
# Transcripts and logs: target/e2e/node-run; the cluster's logs: target/e2e/node-logs.
set -uo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
# shellcheck source=testlib.sh
source "${E2E_SRC_DIR}/testlib.sh"
# shellcheck source=manifests.sh
source "${E2E_SRC_DIR}/manifests.sh"
# shellcheck source=node/setup.sh
source "${E2E_SRC_DIR}/node/setup.sh"

SCENARIOS="${E2E_SRC_DIR}/node"
NODE_CLUSTER="${E2E_SRC_DIR}/node-cluster.sh"
JAR="${PROJECT_ROOT}/target/quarkus-app/quarkus-run.jar"
CHART="${PROJECT_ROOT}/helm/manifest-guard"
RELEASE=manifest-guard
RELEASE_NS=manifest-guard
NODE_UP=""
STREAM_PIDS=()

if [ "${1:-}" = --list ]; then list_scenarios "${SCENARIOS}"; exit 0; fi
check_selectors "${SCENARIOS}" "$@" || exit 2
"${NODE_CLUSTER}" check || exit 1
# One real-node suite at a time on a machine: a second one's `up` would tear the first's cluster down.
exec 7>/run/lock/manifest-guard-e2e-node-suite.lock
flock -n 7 || { echo "another node.sh runs on this machine; waiting for it" >&2; flock 7; }

cleanup() {
  stream_stop
  [ -z "${NODE_UP}" ] || "${NODE_CLUSTER}" down >&2 || echo "FAIL teardown: node-cluster.sh down left something behind"
}
trap cleanup EXIT
trap 'e2e_log "interrupted"; exit 130' INT
trap 'e2e_log "terminated"; exit 143' TERM

start_suite "${E2E_STATE_DIR}/node-run"
node_setup

# Every other scenario needs the release that scenario 1 installs.
if [ "$#" -gt 0 ]; then run_scenarios "${SCENARIOS}" 1 "$@"; else run_scenarios "${SCENARIOS}"; fi

setup_log "teardown"
t0=${SECONDS}
if "${NODE_CLUSTER}" down >&3 2>&1; then
  NODE_UP=""
  echo "teardown: everything stopped by pid, no process, mount, bridge, route, iptables chain or cgroup left ($((SECONDS - t0))s)"
else
  NODE_UP=""
  failed=$((failed + 1))
  VERDICTS+=("FAIL teardown: see ${RUN_DIR}/setup.log")
  echo "FAIL teardown: something was left behind (${RUN_DIR}/setup.log)"
  tail -n 15 "${RUN_DIR}/setup.log" | sed 's/^/      /'
fi
echo "suite took $((SECONDS - SUITE_START))s (logs: ${RUN_DIR})"
finish_suite "real-node suite"
