#!/usr/bin/env bash
# A real single-node Kubernetes cluster for the real-node end-to-end stage: containerd and runc
# (Debian), etcd and kube-apiserver (cluster.sh), kube-controller-manager, kube-scheduler, kubelet,
# kube-proxy (iptables) and CoreDNS built by build-tools.sh --node, pods on a CNI bridge.
#
#   node-cluster.sh check            the prerequisites only: exit 1 with a message naming what is missing
#   node-cluster.sh up               check, tear down leftovers, start everything; prints export lines
#   node-cluster.sh import ARCHIVE   import an OCI image archive into the node's containerd
#   node-cluster.sh down             stop everything by pid and undo every change to the host; verify
#   node-cluster.sh leftovers        print what a teardown would have to remove (exit 1 if anything)
#
# Fixed addresses, one such cluster per machine (the 127.0.0.1 cluster of cluster.sh can run beside it):
#   bridge mg-e2e0 with 10.244.0.1/24 (pods, host-local IPAM) and 10.200.0.1/32 (the node, apiserver
#   :6443, CoreDNS :53, kubelet :10250), Services 10.96.0.0/12, etcd 127.0.0.1:23790/23800,
#   controller-manager 127.0.0.1:10257, scheduler 127.0.0.1:10259, kube-proxy 127.0.0.1:10249/10256.
# Host changes, all undone by `down`: the bridge and its routes, an iptables guard chain that keeps
# every cluster address off the other interfaces, kube-proxy's and the kubelet's chains, sysctls
# (ip_forward, bridge-nf-call-iptables and what the kubelet and kube-proxy set; saved, then
# restored), the kubepods cgroups. Runtime state (pids, sockets, containerd's store, the kubelet's
# root dir, netns mounts) lives in /var/lib/manifest-guard-e2e and is removed; logs are kept in
# target/e2e/node-logs (pods/ holds the containers' logs).
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

RUNTIME=/var/lib/manifest-guard-e2e
STATE="${RUNTIME}/run"              # pids, logs, configs (lib.sh's process bookkeeping)
CP_STATE="${RUNTIME}/control-plane" # cluster.sh's state: pki, kubeconfig, etcd data
LOG_KEEP="${E2E_STATE_DIR}/node-logs"
NODE_NAME=mg-e2e-node
BRIDGE=mg-e2e0
NODE_IP=10.200.0.1
GATEWAY_CIDR=10.244.0.1/24
NODE_POD_CIDR=10.244.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/12
GUARD_CHAIN=MG-E2E-GUARD
CONTAINERD_SOCK="${RUNTIME}/containerd-state/containerd.sock"
READY_TIMEOUT="${E2E_READY_TIMEOUT:-120}"
# Saved before the first change and restored by `down`.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
NODE_COMPONENTS=(coredns kube-proxy kubelet kube-scheduler kube-controller-manager containerd)

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cp_cluster() { # cluster.sh on the node's address and fixed ports
  MANIFEST_GUARD_E2E_DIR="${CP_STATE}" E2E_API_ADDRESS="${NODE_IP}" E2E_API_PORT=6443 \
    E2E_ETCD_PORTS="23790 23800" "${E2E_SRC_DIR}/cluster.sh" "$@"
}

kubectl_admin() { "${E2E_BIN_DIR}/kubectl" --kubeconfig "${CP_STATE}/kubeconfig" "$@"; }
ctr_k8s() { ctr --address "${CONTAINERD_SOCK}" --namespace k8s.io "$@"; }

# --- prerequisites ----------------------------------------------------------------------

check_prerequisites() {
  local missing=()
  [ "$(id -u)" = 0 ] || e2e_die "the real-node stage needs root (it creates a bridge, iptables rules, mounts and cgroups)"
  e2e_need ip iproute2
  e2e_need iptables iptables
  e2e_need conntrack conntrack
  e2e_need containerd containerd
  e2e_need runc runc
  e2e_need gcc gcc
  [ -x /usr/lib/cni/bridge ] || e2e_need_package containernetworking-plugins
  [ -x /usr/lib/cni/bridge ] || missing+=("CNI plugins in /usr/lib/cni (Debian package containernetworking-plugins)")
  grep -qw overlay /proc/filesystems || missing+=("overlayfs (kernel: CONFIG_OVERLAY_FS) for containerd's snapshotter")
  [ -d /sys/fs/cgroup/memory ] && [ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/pids ] \
    || missing+=("cgroup v1 memory, cpu and pids controllers mounted under /sys/fs/cgroup")
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] \
    || missing+=("br_netfilter (/proc/sys/net/bridge/bridge-nf-call-iptables): bridged pod traffic must see kube-proxy's rules")
  if ip link add mg-e2e-probe type bridge 2>/dev/null; then ip link del mg-e2e-probe; else missing+=("bridge network devices (ip link add type bridge)"); fi
  if ip link add mg-e2e-pa type veth peer name mg-e2e-pb 2>/dev/null; then ip link del mg-e2e-pa; else missing+=("veth network devices (ip link add type veth)"); fi
  if unshare --net true 2>/dev/null; then :; else missing+=("network namespaces (unshare --net)"); fi
  iptables -t nat -S >/dev/null 2>&1 || missing+=("a working iptables (nat table)")
  if [ "${#missing[@]}" -gt 0 ]; then
    printf '[e2e] ERROR: the real-node stage cannot run on this machine; missing:\n' >&2
    printf '[e2e]   - %s\n' "${missing[@]}" >&2
    exit 1
  fi
  local busy
  busy="$(ip -o addr show | awk -v ip="${NODE_IP}/" -v gw="${GATEWAY_CIDR%/*}/" 'index($4, ip) == 1 || index($4, gw) == 1 { print $2 }' | grep -vx "${BRIDGE}" || true)"
  [ -z "${busy}" ] || e2e_die "${NODE_IP} or ${GATEWAY_CIDR%/*} is already used by ${busy}"
}

e2e_need_package() { # e2e_need_package PACKAGE: installs it (no command to test for)
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'ok installed' && return 0
  e2e_log "installing Debian package $1"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2 || e2e_die "apt-get install $1 failed"
}

# --- network ----------------------------------------------------------------------------

save_sysctls() {
  [ -f "${RUNTIME}/sysctl.saved" ] && return 0
  local key
  for key in "${SYSCTLS[@]}"; do
    [ -e "/proc/sys/${key//.//}" ] && printf '%s=%s\n' "${key}" "$(cat "/proc/sys/${key//.//}")"
  done > "${RUNTIME}/sysctl.saved.tmp"
  mv "${RUNTIME}/sysctl.saved.tmp" "${RUNTIME}/sysctl.saved"
}

network_up() {
  ip link add "${BRIDGE}" type bridge
  ip addr add "${GATEWAY_CIDR}" dev "${BRIDGE}"
  ip addr add "${NODE_IP}/32" dev "${BRIDGE}"
  ip link set "${BRIDGE}" up
  # Service addresses are routed onto the bridge (kube-proxy DNATs them to pods); the rest of the
  # cluster's ranges are unreachable, so nothing of this cluster ever takes the default route.
  ip route add "${SERVICE_CIDR}" dev "${BRIDGE}" src "${GATEWAY_CIDR%/*}"
  ip route add unreachable "${CLUSTER_CIDR}"
  ip route add unreachable 10.200.0.0/24
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  # The guard: traffic to or from cluster addresses may only use the bridge (or stay local).
  iptables -N "${GUARD_CHAIN}"
  iptables -A "${GUARD_CHAIN}" -o "${BRIDGE}" -j RETURN
  iptables -A "${GUARD_CHAIN}" -o lo -j RETURN
  local net
  for net in "${SERVICE_CIDR}" "${CLUSTER_CIDR}" 10.200.0.0/24; do
    iptables -A "${GUARD_CHAIN}" -d "${net}" -j DROP
    iptables -A "${GUARD_CHAIN}" -s "${net}" -j DROP
  done
  iptables -I OUTPUT 1 -j "${GUARD_CHAIN}"
  iptables -I FORWARD 1 -j "${GUARD_CHAIN}"
  mkdir -p "${STATE}/cni/net.d" "${RUNTIME}/cni-ipam"
  cat > "${STATE}/cni/net.d/10-mg-e2e.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "mg-e2e",
  "plugins": [
    {
      "type": "bridge", "bridge": "${BRIDGE}", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {"type": "host-local", "dataDir": "${RUNTIME}/cni-ipam",
               "ranges": [[{"subnet": "${NODE_POD_CIDR}", "gateway": "${GATEWAY_CIDR%/*}"}]],
               "routes": [{"dst": "0.0.0.0/0"}]}
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

# --- processes ----------------------------------------------------------------------------

containerd_up() {
  local cfg="${STATE}/containerd.toml"
  # Debian's defaults, moved into RUNTIME. restrict_oom_score_adj: without CAP_SYS_RESOURCE (as in
  # Firecracker VMs) runc cannot lower oom_score_adj, and the CRI asks -998 for sandboxes.
  containerd config default | sed \
    -e "s#^root = .*#root = \"${RUNTIME}/containerd\"#" \
    -e "s#^state = .*#state = \"${RUNTIME}/containerd-state\"#" \
    -e "s#address = \"/run/containerd/containerd.sock\"#address = \"${CONTAINERD_SOCK}\"#" \
    -e "s#sandbox_image = .*#sandbox_image = \"${PAUSE_IMAGE}\"#" \
    -e "s#bin_dir = .*#bin_dir = \"/usr/lib/cni\"#" \
    -e "s#conf_dir = .*#conf_dir = \"${STATE}/cni/net.d\"#" \
    -e "s#restrict_oom_score_adj = false#restrict_oom_score_adj = true#" \
    -e "s#netns_mounts_under_state_dir = false#netns_mounts_under_state_dir = true#" \
    > "${cfg}"
  write_args "${STATE}/containerd.args" --config "${cfg}"
  start_process containerd "${STATE}/containerd.args"
  wait_for containerd 30 ctr --address "${CONTAINERD_SOCK}" version
}

import_image() { # import_image ARCHIVE: an OCI archive (tar of an image layout) into k8s.io
  ctr_k8s images import "$1" >&2
}

write_configs() {
  local c="${STATE}"
  cp_cluster kubeconfig "${c}/kcm.kubeconfig" system:kube-controller-manager
  cp_cluster kubeconfig "${c}/scheduler.kubeconfig" system:kube-scheduler
  cp_cluster kubeconfig "${c}/kubelet.kubeconfig" "system:node:${NODE_NAME}" system:nodes
  cp_cluster kubeconfig "${c}/proxy.kubeconfig" system:kube-proxy
  : > "${c}/resolv.conf" # pods get the cluster's search path only, none of the host's
  cat > "${c}/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${CP_STATE}/pki/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
clusterDomain: cluster.local
clusterDNS: [${NODE_IP}]
resolvConf: ${c}/resolv.conf
podLogsDir: ${RUNTIME}/pod-logs
failSwapOn: false
# Images are imported, never pulled: never collect them, evict only when the disk is really full.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
serializeImagePulls: false
EOF
  cat > "${c}/Corefile" <<EOF
.:53 {
    bind ${NODE_IP}
    ready 127.0.0.1:8181
    errors
    log
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig ${CP_STATE}/kubeconfig
        fallthrough in-addr.arpa ip6.arpa
    }
}
EOF
}

components_up() {
  local c="${STATE}" pki="${CP_STATE}/pki"
  write_args "${c}/kube-controller-manager.args" --kubeconfig="${c}/kcm.kubeconfig" \
    --authentication-kubeconfig="${c}/kcm.kubeconfig" --authorization-kubeconfig="${c}/kcm.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=10257 \
    --root-ca-file="${pki}/ca.crt" --service-account-private-key-file="${pki}/sa.key" \
    --use-service-account-credentials=true --allocate-node-cidrs=true --cluster-cidr="${CLUSTER_CIDR}" \
    --node-cidr-mask-size=24 --service-cluster-ip-range="${SERVICE_CIDR}" --v=1
  start_process kube-controller-manager "${c}/kube-controller-manager.args"
  write_args "${c}/kube-scheduler.args" --kubeconfig="${c}/scheduler.kubeconfig" \
    --authentication-kubeconfig="${c}/scheduler.kubeconfig" --authorization-kubeconfig="${c}/scheduler.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=10259 --v=1
  start_process kube-scheduler "${c}/kube-scheduler.args"
  write_args "${c}/kubelet.args" --config="${c}/kubelet.yaml" --kubeconfig="${c}/kubelet.kubeconfig" \
    --root-dir="${RUNTIME}/kubelet" --hostname-override="${NODE_NAME}" --node-ip="${NODE_IP}" --v=1
  start_process kubelet "${c}/kubelet.args"
  write_args "${c}/kube-proxy.args" --kubeconfig="${c}/proxy.kubeconfig" --hostname-override="${NODE_NAME}" \
    --proxy-mode=iptables --cluster-cidr="${CLUSTER_CIDR}" --nodeport-addresses="${NODE_IP}/32" \
    --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
    --healthz-bind-address=127.0.0.1:10256 --metrics-bind-address=127.0.0.1:10249 --v=1
  start_process kube-proxy "${c}/kube-proxy.args"
  write_args "${c}/coredns.args" -conf "${c}/Corefile"
  start_process coredns "${c}/coredns.args"

  wait_for kube-controller-manager "${READY_TIMEOUT}" curl -fsk https://127.0.0.1:10257/healthz
  wait_for kube-scheduler "${READY_TIMEOUT}" curl -fsk https://127.0.0.1:10259/healthz
  wait_for kubelet "${READY_TIMEOUT}" node_ready
  wait_for kube-proxy "${READY_TIMEOUT}" curl -fs http://127.0.0.1:10256/healthz
  wait_for coredns "${READY_TIMEOUT}" curl -fs http://127.0.0.1:8181/ready
}

node_ready() {
  [ "$(kubectl_admin get node "${NODE_NAME}" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

print_env() {
  cp_cluster env
  cat <<EOF
export E2E_NODE_NAME=${NODE_NAME}
export E2E_NODE_IP=${NODE_IP}
export E2E_CONTAINERD_SOCK=${CONTAINERD_SOCK}
EOF
}

cmd_up() {
  local start=${SECONDS} images line
  check_prerequisites
  teardown >/dev/null
  mkdir -p "${STATE}" "${RUNTIME}/pod-logs"
  chmod 0700 "${RUNTIME}"
  "${E2E_SRC_DIR}/build-tools.sh" --node >/dev/null
  save_sysctls
  network_up
  images="$("${E2E_SRC_DIR}/node-images.sh")" || e2e_die "node-images.sh failed"
  PAUSE_IMAGE="$(sed -n 's/^\(localhost\/pause:[^=]*\)=.*/\1/p' <<<"${images}")"
  containerd_up
  while IFS= read -r line; do import_image "${line#*=}"; done <<<"${images}"
  e2e_log "containerd up (pid $(cat "$(pid_file containerd)"))"
  cp_cluster up >/dev/null
  write_configs
  components_up
  e2e_log "node ${NODE_NAME} Ready, kube-proxy and CoreDNS up in $((SECONDS - start))s"
  print_env
}

# --- teardown -------------------------------------------------------------------------------

delete_pods() { # while the kubelet runs, so that it stops each sandbox and CNI releases its address
  live_pid kubelet >/dev/null && cp_cluster status >/dev/null 2>&1 || return 0
  stop_process kube-controller-manager # no controller may recreate what is deleted
  stop_process kube-scheduler
  kubectl_admin delete validatingwebhookconfigurations,mutatingwebhookconfigurations --all --wait=false >/dev/null 2>&1 || true
  kubectl_admin delete pods --all --all-namespaces --grace-period=1 --wait=false >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 60))
  while [ "${SECONDS}" -lt "${deadline}" ]; do
    if [ -z "$(kubectl_admin get pods -A -o name 2>/dev/null)" ] && [ -z "$(sandbox_netns)" ]; then return 0; fi
    sleep 1
  done
  e2e_log "pods or sandboxes still there after 60s; removing them through containerd"
}

sandbox_netns() { find "${RUNTIME}/containerd-state" -path '*netns*' -type f 2>/dev/null || true; }

remove_containers() { # whatever the kubelet left: tasks killed and deleted, so that every shim exits
  live_pid containerd >/dev/null || return 0
  local id
  for id in $(ctr_k8s tasks ls -q 2>/dev/null); do
    ctr_k8s tasks kill -s SIGKILL "${id}" >/dev/null 2>&1 || true
    ctr_k8s tasks delete -f "${id}" >/dev/null 2>&1 || true
  done
  for id in $(ctr_k8s containers ls -q 2>/dev/null); do ctr_k8s containers delete "${id}" >/dev/null 2>&1 || true; done
}

remove_kube_chains() { # what `kube-proxy --cleanup` leaves: the kubelet's chains and the jumps to them
  local cmd table rule chain chains
  for cmd in iptables ip6tables; do
    command -v "${cmd}" >/dev/null || continue
    for table in filter nat mangle; do
      while read -r rule; do
        # shellcheck disable=SC2086 # a rule as iptables -S prints it
        [ -z "${rule}" ] || "${cmd}" -t "${table}" ${rule/-A/-D} 2>/dev/null || true
      done <<<"$("${cmd}" -t "${table}" -S 2>/dev/null \
        | grep -E "^-A [A-Z]+ .*-j (KUBE-[A-Z0-9-]+|${GUARD_CHAIN})( |$)" || true)"
      chains="$("${cmd}" -t "${table}" -S 2>/dev/null \
        | awk -v g="${GUARD_CHAIN}" '$1 == "-N" && ($2 ~ /^KUBE-/ || $2 == g) { print $2 }' || true)"
      for chain in ${chains}; do "${cmd}" -t "${table}" -F "${chain}" 2>/dev/null || true; done
      for chain in ${chains}; do "${cmd}" -t "${table}" -X "${chain}" 2>/dev/null || true; done
    done
  done
}

our_mounts() { awk -v r="${RUNTIME}/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r; }

unmount_all() {
  local m
  for m in $(our_mounts); do umount "${m}" 2>/dev/null || umount -l "${m}" 2>/dev/null || true; done
}

remove_cgroups() {
  local d
  for d in /sys/fs/cgroup/*/kubepods; do
    [ -d "${d}" ] && find "${d}" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

restore_sysctls() {
  [ -f "${RUNTIME}/sysctl.saved" ] || return 0
  local line
  while IFS= read -r line; do sysctl -qw "${line}" 2>/dev/null || e2e_log "could not restore ${line}"; done < "${RUNTIME}/sysctl.saved"
  rm -f "${RUNTIME}/sysctl.saved"
}

keep_logs() {
  [ -d "${STATE}" ] || return 0
  mkdir -p "${LOG_KEEP}"
  cp -f "${STATE}"/*.log "${CP_STATE}"/*.log "${LOG_KEEP}/" 2>/dev/null || true
  rm -rf "${LOG_KEEP}/pods"
  [ ! -d "${RUNTIME}/pod-logs" ] || cp -rL "${RUNTIME}/pod-logs" "${LOG_KEEP}/pods" 2>/dev/null || true
}

teardown() {
  mkdir -p "${STATE}"
  delete_pods
  local name
  for name in coredns kube-proxy kubelet kube-scheduler kube-controller-manager; do stop_process "${name}"; done
  remove_containers
  stop_process containerd
  cp_cluster down >/dev/null 2>&1 || true
  if [ -x "${E2E_BIN_DIR}/kube-proxy" ]; then "${E2E_BIN_DIR}/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  remove_kube_chains
  unmount_all
  local veth
  for veth in $(ip -o link show master "${BRIDGE}" 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    ip link del "${veth}" 2>/dev/null || true
  done
  ip link del "${BRIDGE}" 2>/dev/null || true
  ip route del unreachable "${CLUSTER_CIDR}" 2>/dev/null || true
  ip route del unreachable 10.200.0.0/24 2>/dev/null || true
  restore_sysctls
  remove_cgroups
  keep_logs
  rm -rf "${RUNTIME:?}"
}

leftovers() { # prints one line per thing still there
  local name
  for name in "${NODE_COMPONENTS[@]}"; do
    if live_pid "${name}" >/dev/null 2>&1; then echo "process ${name} (pid $(live_pid "${name}"))"; fi
  done
  for name in kube-apiserver etcd; do
    if STATE="${CP_STATE}" live_pid "${name}" >/dev/null 2>&1; then echo "process ${name}"; fi
  done
  our_mounts | sed 's/^/mount /'
  ip -o link show "${BRIDGE}" >/dev/null 2>&1 && echo "bridge ${BRIDGE}"
  ip -o link show type veth 2>/dev/null | awk -F': ' '/master mg-e2e0/ { print "veth " $2 }'
  ip route show | grep -E "^(unreachable )?(10\.244\.|10\.96\.|10\.200\.)" | sed 's/^/route /'
  local cmd
  for cmd in iptables ip6tables; do
    "${cmd}"-save 2>/dev/null | grep -E "^:(KUBE-|${GUARD_CHAIN})" | sed "s/^:/${cmd} chain /; s/ .*//" || true
  done
  ls -d /sys/fs/cgroup/*/kubepods 2>/dev/null | sed 's/^/cgroup /'
  [ ! -e "${RUNTIME}" ] || echo "directory ${RUNTIME}"
}

cmd_down() {
  teardown
  local left
  left="$(leftovers)"
  if [ -n "${left}" ]; then
    printf '[e2e] teardown left behind:\n' >&2
    sed 's/^/[e2e]   /' <<<"${left}" >&2
    return 1
  fi
  e2e_log "node cluster down; nothing left behind (logs in ${LOG_KEEP})"
}

# One node-cluster.sh at a time on this machine.
mkdir -p /run/lock
exec 8>/run/lock/manifest-guard-e2e-node.lock
flock 8

case "${1:-}" in
  check) check_prerequisites; e2e_log "prerequisites present" ;;
  up) cmd_up ;;
  import) [ -f "${2:-}" ] || usage; import_image "$2" ;;
  down) cmd_down ;;
  leftovers) left="$(leftovers)"; [ -z "${left}" ] || { printf '%s\n' "${left}"; exit 1; } ;;
  env) print_env ;;
  *) usage ;;
esac
