#!/usr/bin/env bash
# The webhook's HTTPS on Linux ARM64, emulated: an arm64 Java 17 (Debian's openjdk-17-jre-headless
# and the libraries it needs, unpacked into a sysroot) runs the jar under qemu-user, loads the
# aarch64 BoringSSL that netty-tcnative's linux-aarch_64 jar carries, and answers reviews over
# TLS 1.3, TLS 1.2 and HTTP/2. No ARM machine is reachable from CI: this checks the library and the
# code paths on that architecture, not its speed. Ends with 'N passed, N failed'.
set -uo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

ARM_CACHE="${E2E_CACHE_ROOT}/arm64"
SYSROOT="${ARM_CACHE}/root"
ARM_JAVA="${SYSROOT}/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
# The runtime and what it links against; coreutils only for uname.
ARM_PACKAGES=(openjdk-17-jre-headless libc6 zlib1g libgcc-s1 libstdc++6 coreutils)
STATE="${PROJECT_ROOT}/target/e2e-arm64"
APP="${PROJECT_ROOT}/target/quarkus-app"
MIX="${PROJECT_ROOT}/src/bench/mix"

server_pid=""
cleanup() {
  if [ -n "${server_pid}" ] && kill -0 "${server_pid}" 2>/dev/null; then
    kill -TERM "${server_pid}" 2>/dev/null
    wait "${server_pid}" 2>/dev/null
  fi
}
trap cleanup EXIT

# Debian's arm64 packages through a private apt state (its own lists, cache and empty status), so
# the host's dpkg never gets arm64 as a foreign architecture.
build_sysroot() {
  [ -x "${ARM_JAVA}" ] && return 0
  local apt="${ARM_CACHE}/apt" tmp="${ARM_CACHE}/root.tmp"
  rm -rf "${apt}" "${tmp}"
  mkdir -p "${apt}/lists/partial" "${apt}/cache/archives/partial" "${apt}/debs" "${tmp}"
  touch "${apt}/status"
  local opts=(-q -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=${apt}/lists"
    -o "Dir::Cache=${apt}/cache" -o "Dir::State::status=${apt}/status" -o Debug::NoLocking=1
    -o APT::Sandbox::User=root)
  e2e_log "fetching Debian's arm64 ${ARM_PACKAGES[*]}"
  apt-get "${opts[@]}" update >&2 || e2e_die "apt-get update (arm64 lists) failed"
  (cd "${apt}/debs" && apt-get "${opts[@]}" download "${ARM_PACKAGES[@]}" >&2) || e2e_die "apt-get download failed"
  local deb
  for deb in "${apt}"/debs/*.deb; do
    dpkg -x "${deb}" "${tmp}" || e2e_die "dpkg -x ${deb} failed"
  done
  rm -rf "${SYSROOT}" "${apt}"
  mv "${tmp}" "${SYSROOT}"
}

arm() { # arm COMMAND ARGS...: an arm64 binary of the sysroot, emulated
  nice -n 5 qemu-aarch64-static -L "${SYSROOT}" "$@"
}
machine_is_aarch64() { [ "$(arm "${SYSROOT}/bin/uname" -m)" = aarch64 ]; }
jvm_is_aarch64() { arm "${ARM_JAVA}" -XshowSettings:properties -version 2>&1 | grep 'os.arch = aarch64'; }

e2e_need qemu-aarch64-static qemu-user-static
e2e_need openssl openssl
e2e_need curl curl
command -v apt-get >/dev/null 2>&1 || e2e_die "apt-get is needed to fetch the arm64 runtime"
if [ ! -f "${APP}/quarkus-run.jar" ]; then
  e2e_log "building the jar"
  (cd "${PROJECT_ROOT}" && ./mvnw -B -q package -DskipTests) || e2e_die "the build failed"
fi
build_sysroot

rm -rf "${STATE}"
mkdir -p "${STATE}/native"
python3 "${PROJECT_ROOT}/src/build/jar-native.py" "${APP}/lib" "${STATE}/native" aarch_64 \
  || e2e_die "could not unpack the aarch64 libraries"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -keyout "${STATE}/tls.key" -out "${STATE}/tls.crt" 2>/dev/null || e2e_die "openssl could not make a certificate"
read -r HTTP_PORT HTTPS_PORT <<<"$(free_ports 2)"

check "the emulated machine is aarch64 (uname -m)" machine_is_aarch64

e2e_log "starting the webhook under qemu-aarch64 (a minute or so)"
t0=${SECONDS}
(
  unset KUBECONFIG
  export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="${HTTP_PORT}" QUARKUS_HTTP_SSL_PORT="${HTTPS_PORT}"
  export MANIFEST_GUARD_TLS_CERT="${STATE}/tls.crt" MANIFEST_GUARD_TLS_KEY="${STATE}/tls.key"
  # exec, not the arm function: server_pid must be the emulated JVM itself (its /proc/PID/maps is read below).
  exec nice -n 5 qemu-aarch64-static -L "${SYSROOT}" "${ARM_JAVA}" \
    -Djava.library.path="${STATE}/native" -jar "${APP}/quarkus-run.jar"
) > "${STATE}/webhook.log" 2>&1 &
server_pid=$!

ready() { curl -sf -o /dev/null "http://127.0.0.1:${HTTP_PORT}/q/health/ready"; }
deadline=$((SECONDS + 600))
until ready; do
  kill -0 "${server_pid}" 2>/dev/null || { tail -n 40 "${STATE}/webhook.log"; e2e_die "the webhook exited"; }
  [ "${SECONDS}" -lt "${deadline}" ] || { tail -n 40 "${STATE}/webhook.log"; e2e_die "not ready in 600 s"; }
  sleep 1
done
e2e_log "ready after $((SECONDS - t0)) s"

check "the JVM reports os.arch aarch64" jvm_is_aarch64
boringssl_named() {
  grep -F 'HTTPS: TLS by OpenSSL (BoringSSL)' "${STATE}/webhook.log" && ! grep -F 'TLS by the JDK' "${STATE}/webhook.log"
}
check "the start log says TLS is by BoringSSL, with no fallback" boringssl_named
check "the process maps the aarch64 BoringSSL from java.library.path" \
  grep -F "${STATE}/native/libnetty_tcnative_linux_aarch_64.so" "/proc/${server_pid}/maps"

review() { # review ITEM CURL_ARGS...: prints the HTTP code, then the answer's "allowed"
  curl -sk --max-time 60 -o "${STATE}/answer.json" -w '%{http_code}\n' "${@:2}" \
    -H 'Content-Type: application/json' --data-binary "@${MIX}/$1.json" "https://127.0.0.1:${HTTPS_PORT}/validate"
  python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["response"]["allowed"]).lower())' \
    "${STATE}/answer.json"
}
every_item_as_expected() {
  local item want got
  while IFS=$'\t' read -r item want; do
    [[ -z "${item}" || "${item}" == \#* ]] && continue
    got="$(review "${item}" --tlsv1.3 --http1.1 | tr '\n' ' ')"
    echo "${item}: ${got}(want 200 ${want})"
    [ "${got}" = "200 ${want} " ] || return 1
  done < "${MIX}/expected.tsv"
}
check "every item of the benchmark's mix answered as expected over TLS 1.3" every_item_as_expected
tls12_ecdhe_ecdsa() {
  local session
  session="$(openssl s_client -tls1_2 -connect "127.0.0.1:${HTTPS_PORT}" </dev/null 2>/dev/null)"
  grep -E 'Protocol +: TLSv1.2' <<<"${session}" && grep -E 'Cipher +: ECDHE-ECDSA-' <<<"${session}"
}
check "TLS 1.2 with ECDHE-ECDSA" tls12_ecdhe_ecdsa
http2_review() {
  [ "$(curl -sk --http2 --max-time 60 -o /dev/null -w '%{http_version} %{http_code}' \
    -H 'Content-Type: application/json' --data-binary "@${MIX}/pod-small.json" \
    "https://127.0.0.1:${HTTPS_PORT}/validate")" = '2 200' ]
}
check "HTTP/2 by ALPN, a review answered on it" http2_review

cleanup
server_pid=""
checks_summary
