#!/usr/bin/env bash
# The apiserver suite: manifest-guard (the jar) registered as a validating webhook of a real
# kube-apiserver (no controllers, no node), exercised with kubectl.
#
#   src/e2e/run.sh                 run every scenario
#   src/e2e/run.sh 1 5 warnings    run only these (by number or name); setup always runs
#   src/e2e/run.sh --list          list the scenarios
#
# Setup (apiserver/setup.sh): build-tools.sh (cached), the jar if missing, a fresh cluster, the
# chart's ServiceAccount/ClusterRole/ClusterRoleBinding applied, manifest-guard started from the jar
# with a kubeconfig holding a token of that ServiceAccount (so the chart's RBAC is all it has), the
# chart's ValidatingWebhookConfiguration registered with a url clientConfig to it. Scenarios:
# apiserver/NN-name.sh. Prints one line per scenario ('ok   N title' or 'FAIL N title' and evidence)
# and ends with 'N passed, N failed'; exits non-zero when a scenario failed.
#
# Logs (a kubectl transcript per scenario, the webhook's log), kubeconfigs and the rendered chart
# stay in target/e2e/run until the next run. Never leaves a process running: the webhook and the
# cluster are stopped from an EXIT trap.
set -uo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
# shellcheck source=testlib.sh
source "${E2E_SRC_DIR}/testlib.sh"
# shellcheck source=manifests.sh
source "${E2E_SRC_DIR}/manifests.sh"
# shellcheck source=apiserver/setup.sh
source "${E2E_SRC_DIR}/apiserver/setup.sh"

SCENARIOS="${E2E_SRC_DIR}/apiserver"
CLUSTER="${E2E_SRC_DIR}/cluster.sh"
JAR="${PROJECT_ROOT}/target/quarkus-app/quarkus-run.jar"
CHART="${PROJECT_ROOT}/helm/manifest-guard"
RELEASE=manifest-guard
RELEASE_NS=manifest-guard
hook_pid=""

if [ "${1:-}" = --list ]; then list_scenarios "${SCENARIOS}"; exit 0; fi
check_selectors "${SCENARIOS}" "$@" || exit 2

cleanup() {
  stop_webhook
  "${CLUSTER}" down >/dev/null 2>&1
}
trap cleanup EXIT
trap 'e2e_log "interrupted"; exit 130' INT
trap 'e2e_log "terminated"; exit 143' TERM

start_suite "${E2E_STATE_DIR}/run"
SETUP_EXTRA_LOGS=("${RUN_DIR}/webhook.log")
apiserver_setup

run_scenarios "${SCENARIOS}" "$@"

# Informative only (scenario 13 causes one expected error: the invalid policy).
unexpected="$(grep -E 'Exception|ERROR' "${RUN_DIR}/webhook.log" | grep -v 'changed but is invalid, keeping the previous policy')"
if [ -n "${unexpected}" ]; then
  echo "      note: the webhook log has errors or exceptions (${RUN_DIR}/webhook.log):"
  head -n 5 <<<"${unexpected}" | cut -c1-200 | sed 's/^/      /'
fi
stop_webhook
"${CLUSTER}" down >&3 2>&1
echo "suite took $((SECONDS - SUITE_START))s (logs: ${RUN_DIR})"
finish_suite "apiserver suite"
