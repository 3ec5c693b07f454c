# shellcheck shell=bash disable=SC2034
# The end-to-end test library (sourced by run.sh and node.sh, not run).
#
# A suite is a directory of scenario files named NN-slug.sh. Each file starts with
# a '# <title>' line and defines scenario_steps, which runs in the suite's shell
# and returns non-zero on failure. Inside it:
#   kc ARGS...            kubectl as the admin: output in OUT, exit code in RC, both in the transcript
#   expect_ok/expect_denied/expect_output/refute_output PATTERN...   judge the last kc call
#   eventually SECONDS FN ARGS...   retry FN once a second until it succeeds
#   note TEXT             transcript only (shown when the scenario fails)
#   info TEXT             evidence printed under the scenario's result line
#   figure TEXT           a measured figure, also repeated in the suite's closing summary
# run_scenarios DIR SELECTORS... runs the selected files in order ('ok   N title (Ns)' or 'FAIL N ...'
# with the transcript's tail); finish_suite prints the summary and the closing 'N passed, N failed'.

SLOG=/dev/null
OUT=""
RC=0
passed=0
failed=0
VERDICTS=()
FIGURES=()

kc() {
  OUT="$("${KUBECTL}" "$@" 2>&1)"
  RC=$?
  printf '$ kubectl %s\n%s\n[exit %s]\n' "$*" "${OUT}" "${RC}" >> "${SLOG}"
}

note() { printf '%s\n' "$*" >> "${SLOG}"; }
info() { printf '%s\n' "$*" >> "${SLOG}.info"; note "info: $*"; }
figure() { FIGURES+=("$*"); info "$*"; }

expect_denied() { # the last call failed and its output has every PATTERN
  if [ "${RC}" -eq 0 ]; then note "expected a rejection, but kubectl succeeded"; return 1; fi
  expect_output "$@"
}

expect_ok() { # the last call succeeded and its output has every PATTERN
  if [ "${RC}" -ne 0 ]; then note "expected success, but kubectl exited ${RC}"; return 1; fi
  expect_output "$@"
}

expect_output() {
  local p
  for p in "$@"; do
    grep -qF -- "${p}" <<<"${OUT}" || { note "expected '${p}' in the output"; return 1; }
  done
}

refute_output() {
  local p
  for p in "$@"; do
    ! grep -qF -- "${p}" <<<"${OUT}" || { note "did not expect '${p}' in the output"; return 1; }
  done
}

eventually() { # eventually SECONDS FUNCTION ARGS...
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout)) tries=0
  while :; do
    tries=$((tries + 1))
    if "$@"; then
      [ "${tries}" -eq 1 ] || note "(succeeded after ${tries} tries)"
      return 0
    fi
    if [ "${SECONDS}" -ge "${deadline}" ]; then
      note "(still failing after ${tries} tries, ${timeout}s)"
      return 1
    fi
    sleep 1
  done
}

mkns() { # mkns NAME [LABEL=VALUE...]: a namespace with its default ServiceAccount
  local ns="$1"; shift
  kc create namespace "${ns}" || return 1
  if [ "$#" -gt 0 ]; then kc label namespace "${ns}" "$@" || return 1; fi
  # Without a controller-manager nobody makes it; with one, it may already be there.
  kc -n "${ns}" create serviceaccount default
  [ "${RC}" -eq 0 ] || expect_output 'already exists'
}

# --- running scenario files ----------------------------------------------------------

scenario_files() { # scenario_files DIR: the scenario files of a suite, in order
  local f
  for f in "$1"/[0-9][0-9]-*.sh; do [ -f "${f}" ] && printf '%s\n' "${f}"; done
}

scenario_number() { local b; b="$(basename "$1")"; b="${b%%-*}"; printf '%d' "$((10#${b}))"; }
scenario_slug() { local b; b="$(basename "$1" .sh)"; printf '%s' "${b#*-}"; }

check_selectors() { # check_selectors DIR SELECTORS...: each is a scenario number or slug of DIR
  local dir="$1" sel f hit; shift
  for sel in "$@"; do
    hit=""
    while read -r f; do
      if [ "${sel}" = "$(scenario_number "${f}")" ] || [ "${sel}" = "$(scenario_slug "${f}")" ]; then hit=1; fi
    done < <(scenario_files "${dir}")
    [ -n "${hit}" ] || { printf 'no scenario "%s"; known:\n' "${sel}" >&2; list_scenarios "${dir}" >&2; return 2; }
  done
}

list_scenarios() { # list_scenarios DIR: 'N slug  title' per scenario
  local f
  while read -r f; do
    printf '%3s %-32s %s\n' "$(scenario_number "${f}")" "$(scenario_slug "${f}")" "$(sed -n '1s/^# //p' "${f}")"
  done < <(scenario_files "$1")
}

run_scenarios() { # run_scenarios DIR [SELECTOR...]: every scenario when none is given
  local dir="$1" f; shift
  while read -r f; do
    if [ "$#" -eq 0 ] || selected "${f}" "$@"; then run_scenario_file "${f}"; fi
  done < <(scenario_files "${dir}")
}

selected() { # selected FILE SELECTOR...
  local f="$1" n slug sel; shift
  n="$(scenario_number "${f}")"; slug="$(scenario_slug "${f}")"
  for sel in "$@"; do [ "${sel}" = "${n}" ] || [ "${sel}" = "${slug}" ] && return 0; done
  return 1
}

run_scenario_file() {
  local f="$1" n title t0 line
  n="$(scenario_number "${f}")"
  title="$(sed -n '1s/^# //p' "${f}")"
  SLOG="${RUN_DIR}/scenario-${n}.log"
  : > "${SLOG}"
  : > "${SLOG}.info"
  unset -f scenario_steps
  # shellcheck disable=SC1090
  source "${f}"
  t0=${SECONDS}
  if scenario_steps; then
    passed=$((passed + 1))
    line="$(printf 'ok   %-2s %s (%ss)' "${n}" "${title}" "$((SECONDS - t0))")"
    printf '%s\n' "${line}"
    sed 's/^/      /' "${SLOG}.info"
  else
    failed=$((failed + 1))
    line="$(printf 'FAIL %-2s %s (%ss)' "${n}" "${title}" "$((SECONDS - t0))")"
    printf '%s\n' "${line}"
    sed 's/^/      /' "${SLOG}.info"
    tail -n 25 "${SLOG}" | sed 's/^/      | /'
    echo "      (full log: ${SLOG})"
  fi
  VERDICTS+=("${line}")
}

finish_suite() { # finish_suite NAME: verdicts and figures again, then the closing line; exit status
  if [ "${#VERDICTS[@]}" -gt 1 ] || [ "${#FIGURES[@]}" -gt 0 ]; then
    printf '\n%s summary:\n' "$1"
    printf '  %s\n' "${VERDICTS[@]}"
    [ "${#FIGURES[@]}" -eq 0 ] || printf '  %s\n' "${FIGURES[@]}"
  fi
  printf '%s passed, %s failed\n' "${passed}" "${failed}"
  [ "${failed}" -eq 0 ]
}

setup_failed() { # setup_failed MESSAGE: the suite cannot run; the trap cleans up
  printf 'FAIL 0 setup: %s\n' "$*"
  [ ! -s "${RUN_DIR}/setup.log" ] || tail -n 20 "${RUN_DIR}/setup.log" | sed 's/^/      /'
  local log
  for log in "${SETUP_EXTRA_LOGS[@]}"; do
    [ -s "${log}" ] || continue
    echo "      ${log}:"
    tail -n 20 "${log}" | sed 's/^/      /'
  done
  printf '%s passed, %s failed\n' "${passed}" "$((failed + 1))"
  exit 1
}
SETUP_EXTRA_LOGS=()

# --- suite setup ----------------------------------------------------------------------

start_suite() { # start_suite RUN_DIR: an empty run directory, the setup log on fd 3
  RUN_DIR="$1"
  SUITE_START=${SECONDS}
  mkdir -p "${RUN_DIR}"
  rm -rf "${RUN_DIR:?}"/*
  exec 3>>"${RUN_DIR}/setup.log"
  SLOG="${RUN_DIR}/setup.log"
}

setup_log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&3; e2e_log "$*"; }

need_tools() { # need_tools [build-tools.sh ARGS]: builds what is missing; sets KUBECTL and HELM
  local tools
  command -v java >/dev/null 2>&1 || setup_failed "java is not on PATH"
  e2e_need curl curl
  e2e_need python3 python3
  e2e_need openssl openssl
  setup_log "build-tools.sh $*"
  tools="$("${E2E_SRC_DIR}/build-tools.sh" "$@" 2>&3)" || setup_failed "build-tools.sh failed"
  KUBECTL="$(sed -n 's/^kubectl=//p' <<<"${tools}")"
  HELM="$(sed -n 's/^helm=//p' <<<"${tools}")"
  if [ ! -x "${KUBECTL}" ] || [ ! -x "${HELM}" ]; then setup_failed "build-tools.sh printed no kubectl/helm path"; fi
}

need_jar() { # builds target/quarkus-app unless it is there
  [ ! -f "${JAR}" ] || return 0
  setup_log "building the jar (./mvnw -B -q package -DskipTests)"
  (cd "${PROJECT_ROOT}" && ./mvnw -B -q package -DskipTests) >&3 2>&1 || setup_failed "jar build failed"
}
