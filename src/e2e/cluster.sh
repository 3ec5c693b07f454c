#!/usr/bin/env bash
# A local Kubernetes control plane for the end-to-end tests: one etcd and one
# kube-apiserver on 127.0.0.1 (free ports), no controllers, no nodes.
# With E2E_API_ADDRESS (an address of this machine other than 127.0.0.1, used by
# node-cluster.sh) the apiserver binds and advertises it on port E2E_API_PORT
# (default 6443) with etcd on E2E_ETCD_PORTS ("CLIENT PEER", default "23790 23800"),
# keeps the `kubernetes` Service's endpoint, and reaches kubelets by InternalIP.
#
#   cluster.sh up                 start (fresh data); prints export lines on stdout
#   cluster.sh down               stop exactly the processes recorded in *.pid
#   cluster.sh env                print the export lines of the running cluster
#   cluster.sh status             exit 0 when etcd and kube-apiserver are running
#   cluster.sh restart-apiserver  stop and start only kube-apiserver, same flags and port
#   cluster.sh serving-cert DIR   write DIR/tls.crt, DIR/tls.key for 127.0.0.1/localhost,
#                                 signed by pki/ca.crt (the caBundle for a webhook)
#   cluster.sh kubeconfig FILE USER [GROUP]   a kubeconfig with a client certificate for
#                                 USER (in GROUP) signed by pki/ca.crt
#
# State lives in ${MANIFEST_GUARD_E2E_DIR:-<project root>/target/e2e}:
#   kubeconfig        admin kubeconfig (client cert in group system:masters)
#   env               the export lines printed by `up` and `env`
#   pki/ca.crt        CA of the apiserver serving cert and of client certs
#   pki/ca.key        its key (the tests may sign a webhook serving cert with it)
#   pki/admin.token   a static bearer token for the same admin identity
#   *.pid, *.log      etcd and kube-apiserver processes and their logs
#   kube-apiserver.args  the exact apiserver flags (reused by restart-apiserver)
# Progress goes to stderr, so `eval "$(src/e2e/cluster.sh up)"` works.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STATE="${E2E_STATE_DIR}"
PKI="${STATE}/pki"
READY_TIMEOUT="${E2E_READY_TIMEOUT:-120}"
STOP_TIMEOUT="${E2E_STOP_TIMEOUT:-30}"
API_ADDRESS="${E2E_API_ADDRESS:-127.0.0.1}"

usage() {
  sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# --- helpers -----------------------------------------------------------------

apiserver_ready() {
  # shellcheck disable=SC1091
  source "${STATE}/ports"
  # shellcheck disable=SC2153 # APISERVER_PORT comes from the ports file
  [ "$(curl -sS --max-time 5 --cacert "${PKI}/ca.crt" \
        --cert "${PKI}/admin.crt" --key "${PKI}/admin.key" \
        "https://${API_ADDRESS}:${APISERVER_PORT}/readyz")" = "ok" ]
}

etcd_healthy() {
  # shellcheck disable=SC1091,SC2153
  source "${STATE}/ports"
  curl -sS --max-time 5 "http://127.0.0.1:${ETCD_CLIENT_PORT}/health" | grep -q '"health":"true"'
}

gen_pki() {
  mkdir -p "${PKI}"
  chmod 0700 "${PKI}"
  (
    cd "${PKI}"
    local days=3650
    # CA for serving and client certificates.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout ca.key -out ca.crt -days "${days}" -subj "/CN=manifest-guard-e2e-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    # kube-apiserver serving certificate.
    local san="IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default"
    san+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    [ "${API_ADDRESS}" = 127.0.0.1 ] || san="IP:${API_ADDRESS},${san}"
    cat > apiserver.ext <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=${san}
EOF
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out apiserver.crt -days "${days}" -extfile apiserver.ext 2>/dev/null
    # Admin client certificate: group system:masters bypasses RBAC.
    cat > admin.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EOF
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=e2e-admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out admin.crt -days "${days}" -extfile admin.ext 2>/dev/null
    # Service-account token signing key pair.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
    openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
    # Static bearer token for the same admin identity (token,user,uid,"groups").
    openssl rand -hex 32 > admin.token
    printf '%s,e2e-admin,e2e-admin,"system:masters"\n' "$(cat admin.token)" > tokens.csv
    rm -f ./*.csr ./*.ext ca.srl
    chmod 0600 ./*.key admin.token tokens.csv
  )
}

write_kubeconfig() { # write_kubeconfig SERVER FILE [CERT KEY]: the admin's by default
  local server="$1" out="$2"
  local ca crt key
  ca="$(base64 -w0 < "${PKI}/ca.crt")"
  crt="$(base64 -w0 < "${3:-${PKI}/admin.crt}")"
  key="$(base64 -w0 < "${4:-${PKI}/admin.key}")"
  umask 077
  cat > "${out}" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: manifest-guard-e2e
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: e2e-admin
  user:
    client-certificate-data: ${crt}
    client-key-data: ${key}
contexts:
- name: manifest-guard-e2e
  context:
    cluster: manifest-guard-e2e
    user: e2e-admin
    namespace: default
current-context: manifest-guard-e2e
EOF
}

print_env() {
  [ -f "${STATE}/env" ] || e2e_die "no cluster state in ${STATE} (run: $0 up)"
  cat "${STATE}/env"
}

# --- commands ------------------------------------------------------------------

cmd_status() {
  local ok=0 name pid
  for name in etcd kube-apiserver; do
    if pid="$(live_pid "${name}")"; then
      e2e_log "${name}: running (pid ${pid})"
    else
      e2e_log "${name}: not running"
      ok=1
    fi
  done
  return "${ok}"
}

cmd_down() {
  stop_process kube-apiserver
  stop_process etcd
  e2e_log "cluster down (state kept in ${STATE} until the next up)"
}

clean_state() { # stop what we recorded and remove what `up` creates (nothing else)
  stop_process kube-apiserver
  stop_process etcd
  if [ -d "${STATE}" ]; then
    rm -rf "${STATE}/etcd-data" "${PKI}" "${STATE}/ports" "${STATE}/env" "${STATE}/kubeconfig" \
      "${STATE}/smoke-webhook" "${STATE}"/*.args "${STATE}"/*.log "${STATE}"/*.pid
  fi
}

cmd_up() {
  if live_pid etcd >/dev/null && live_pid kube-apiserver >/dev/null && apiserver_ready; then
    e2e_log "cluster already up; reusing it (run '$0 down' first for a fresh one)"
    print_env
    return 0
  fi
  e2e_need openssl openssl
  e2e_need curl curl
  e2e_need python3 python3
  e2e_need setsid util-linux
  "${E2E_SRC_DIR}/build-tools.sh" >/dev/null

  local start=${SECONDS} attempt
  for attempt in 1 2 3; do
    # Half-up, stale or absent: start from scratch. Retried because a free
    # port can be taken by someone else between picking and binding it.
    clean_state
    # Not `if (start_cluster)`: errexit would be off inside the subshell.
    local rc=0
    set +e
    (set -e; start_cluster)
    rc=$?
    set -e
    if [ "${rc}" -eq 0 ]; then
      e2e_log "cluster up in $((SECONDS - start))s"
      print_env
      return 0
    fi
    e2e_log "start-up attempt ${attempt} failed"
  done
  clean_state
  e2e_die "could not start the cluster (logs were in ${STATE})"
}

start_cluster() {
  mkdir -p "${STATE}"
  gen_pki

  local ports etcd_client etcd_peer apiserver_port
  if [ "${API_ADDRESS}" = 127.0.0.1 ]; then
    ports="$(free_ports 3)"
  else
    ports="${E2E_ETCD_PORTS:-23790 23800} ${E2E_API_PORT:-6443}"
  fi
  read -r etcd_client etcd_peer apiserver_port <<<"${ports}"
  cat > "${STATE}/ports" <<EOF
ETCD_CLIENT_PORT=${etcd_client}
ETCD_PEER_PORT=${etcd_peer}
APISERVER_PORT=${apiserver_port}
EOF

  local etcd_url="http://127.0.0.1:${etcd_client}"
  local peer_url="http://127.0.0.1:${etcd_peer}"
  local server="https://${API_ADDRESS}:${apiserver_port}"
  local address_args=(--endpoint-reconciler-type=none)
  if [ "${API_ADDRESS}" != 127.0.0.1 ]; then
    # Pods reach the apiserver through the `kubernetes` Service; logs and exec reach the kubelet.
    address_args=(--kubelet-preferred-address-types=InternalIP,Hostname
      --kubelet-client-certificate="${PKI}/admin.crt" --kubelet-client-key="${PKI}/admin.key")
  fi

  write_args "${STATE}/etcd.args" \
    --name=e2e \
    --data-dir="${STATE}/etcd-data" \
    --listen-client-urls="${etcd_url}" \
    --advertise-client-urls="${etcd_url}" \
    --listen-peer-urls="${peer_url}" \
    --initial-advertise-peer-urls="${peer_url}" \
    --initial-cluster="e2e=${peer_url}" \
    --initial-cluster-state=new \
    --unsafe-no-fsync=true \
    --logger=zap \
    --log-level=warn
  start_process etcd "${STATE}/etcd.args"
  wait_for etcd 30 etcd_healthy
  e2e_log "etcd up at ${etcd_url} (pid $(cat "$(pid_file etcd)"))"

  write_args "${STATE}/kube-apiserver.args" \
    --etcd-servers="${etcd_url}" \
    --bind-address="${API_ADDRESS}" \
    --advertise-address="${API_ADDRESS}" \
    --secure-port="${apiserver_port}" \
    --cert-dir="${PKI}" \
    --tls-cert-file="${PKI}/apiserver.crt" \
    --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" \
    --token-auth-file="${PKI}/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --service-cluster-ip-range=10.96.0.0/12 \
    --service-account-issuer="${server}" \
    --service-account-key-file="${PKI}/sa.pub" \
    --service-account-signing-key-file="${PKI}/sa.key" \
    --allow-privileged=true \
    "${address_args[@]}" \
    --profiling=false \
    --v=1
  start_process kube-apiserver "${STATE}/kube-apiserver.args"
  wait_for kube-apiserver "${READY_TIMEOUT}" apiserver_ready
  e2e_log "kube-apiserver ready at ${server} (pid $(cat "$(pid_file kube-apiserver)"))"

  write_kubeconfig "${server}" "${STATE}/kubeconfig"
  cat > "${STATE}/env" <<EOF
export KUBECONFIG=${STATE}/kubeconfig
export E2E_APISERVER_URL=${server}
export E2E_CA_FILE=${PKI}/ca.crt
export E2E_CA_KEY_FILE=${PKI}/ca.key
export E2E_ADMIN_TOKEN_FILE=${PKI}/admin.token
export E2E_ETCD_URL=${etcd_url}
export E2E_BIN_DIR=${E2E_BIN_DIR}
export PATH=${E2E_BIN_DIR}:\${PATH}
EOF
}

cmd_restart_apiserver() {
  [ -f "${STATE}/kube-apiserver.args" ] || e2e_die "no cluster state in ${STATE} (run: $0 up)"
  live_pid etcd >/dev/null || e2e_die "etcd is not running (run: $0 up)"
  local start=${SECONDS}
  stop_process kube-apiserver
  start_process kube-apiserver "${STATE}/kube-apiserver.args"
  wait_for kube-apiserver "${READY_TIMEOUT}" apiserver_ready
  e2e_log "kube-apiserver restarted (pid $(cat "$(pid_file kube-apiserver)")) in $((SECONDS - start))s"
}

cmd_kubeconfig() { # a client certificate for USER (in GROUP) and a kubeconfig using it
  local out="${1:-}" user="${2:-}" group="${3:-}"
  { [ -n "${out}" ] && [ -n "${user}" ]; } || usage
  [ -f "${PKI}/ca.key" ] || e2e_die "no cluster CA in ${PKI} (run: $0 up)"
  # shellcheck disable=SC1091
  source "${STATE}/ports"
  local dir ext subj="/CN=${user}"
  dir="$(mktemp -d)"
  ext="${dir}/client.ext"
  [ -z "${group}" ] || subj="/O=${group}${subj}"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > "${ext}"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "${dir}/client.key" -out "${dir}/client.csr" -subj "${subj}" 2>/dev/null
  openssl x509 -req -in "${dir}/client.csr" -CA "${PKI}/ca.crt" -CAkey "${PKI}/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -out "${dir}/client.crt" -days 3650 -extfile "${ext}" 2>/dev/null
  write_kubeconfig "https://${API_ADDRESS}:${APISERVER_PORT}" "${out}" "${dir}/client.crt" "${dir}/client.key"
  rm -rf "${dir}"
}

cmd_serving_cert() {
  local dir="${1:-}"
  [ -n "${dir}" ] || usage
  [ -f "${PKI}/ca.key" ] || e2e_die "no cluster CA in ${PKI} (run: $0 up)"
  mkdir -p "${dir}"
  local ext; ext="$(mktemp)"
  cat > "${ext}" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "${dir}/tls.key" -out "${dir}/tls.csr" -subj "/CN=127.0.0.1" 2>/dev/null
  openssl x509 -req -in "${dir}/tls.csr" -CA "${PKI}/ca.crt" -CAkey "${PKI}/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -out "${dir}/tls.crt" -days 3650 -extfile "${ext}" 2>/dev/null
  rm -f "${dir}/tls.csr" "${ext}"
  chmod 0600 "${dir}/tls.key"
  printf '%s\n%s\n' "${dir}/tls.crt" "${dir}/tls.key"
}

# One cluster.sh at a time per state directory.
mkdir -p "$(dirname "${STATE}")"
exec 8>"${STATE%/}.lock"
flock 8

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env)
    live_pid kube-apiserver >/dev/null || e2e_log "warning: kube-apiserver is not running (run: $0 up)"
    print_env
    ;;
  status) cmd_status ;;
  restart-apiserver) cmd_restart_apiserver ;;
  serving-cert) cmd_serving_cert "${2:-}" ;;
  kubeconfig) cmd_kubeconfig "${2:-}" "${3:-}" "${4:-}" ;;
  *) usage ;;
esac
