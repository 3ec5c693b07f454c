#!/usr/bin/env bash
# Builds the images the real-node stage runs besides manifest-guard's own (src/build/image.sh), with
# no registry: OCI archives made by src/build/oci-image.py, cached under
# ${MANIFEST_GUARD_E2E_CACHE:-$HOME/.cache/manifest-guard-e2e}/node-images by their inputs.
#   pause   the sandbox image: k8s.io/kubernetes' own build/pause/linux/pause.c, gcc -static
#   curl    the `helm test` pod's image: Debian's curl with its libraries, busybox for sh and tools
# Output: one REF=ARCHIVE line per image on stdout; progress goes to stderr.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
OCI_IMAGE="${PROJECT_ROOT}/src/build/oci-image.py"
CACHE="${E2E_CACHE_ROOT}/node-images"
mkdir -p "${CACHE}"
export SOURCE_DATE_EPOCH=0

archive() { # archive LAYOUT_DIR ARCHIVE: the OCI layout as one tar, as `ctr images import` reads it
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf "$2.tmp" .
  mv "$2.tmp" "$2"
}

build_pause() {
  local src tag key out
  src="$(cd "${E2E_TOOLS_DIR}" && go list -mod=mod -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause"
  tag="$(awk '$1 == "TAG" && $2 == "?=" { print $3 }' "${src}/Makefile")"
  key="$(cat "${src}/linux/pause.c" <(gcc --version) | sha256sum | cut -c1-12)"
  out="${CACHE}/pause-${tag}-${key}.tar"
  if [ ! -s "${out}" ]; then
    e2e_log "building localhost/pause:${tag} from ${src}/linux/pause.c"
    local work; work="$(mktemp -d)"
    mkdir -p "${work}/root"
    gcc -Os -Wall -Werror -static -DVERSION="v${tag}-e2e" -o "${work}/root/pause" "${src}/linux/pause.c"
    strip "${work}/root/pause"
    python3 "${OCI_IMAGE}" --out "${work}/oci" --ref "localhost/pause:${tag}" --layer "pause=${work}/root" \
      --entrypoint '["/pause"]' --user 65535:65535 >/dev/null
    archive "${work}/oci" "${out}"
    rm -rf "${work}"
  fi
  printf 'localhost/pause:%s=%s\n' "${tag}" "${out}"
}

build_curl() {
  local version tag key out
  e2e_need busybox busybox-static
  version="$(dpkg-query -W -f '${Version}' curl)"
  tag="$(tr -c 'A-Za-z0-9_.\n-' '_' <<<"${version}")"
  key="$(dpkg-query -W -f '${Version}' busybox-static libcurl4 libc6 | sha256sum | cut -c1-12)"
  out="${CACHE}/curl-${tag}-${key}.tar"
  if [ ! -s "${out}" ]; then
    e2e_log "building localhost/curl:${tag} from Debian's curl ${version}"
    local work root lib tool; work="$(mktemp -d)"; root="${work}/root"
    mkdir -p "${root}/bin" "${root}/usr/bin" "${root}/etc" "${root}/tmp"
    chmod 1777 "${root}/tmp"
    cp "$(command -v curl)" "${root}/usr/bin/curl"
    # busybox-static: sh and the tools the chart's test script uses.
    cp "$(command -v busybox)" "${root}/bin/busybox"
    for tool in sh cat cp date echo grep; do ln -s busybox "${root}/bin/${tool}"; done
    ldd "$(command -v curl)" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' \
      | while read -r lib; do mkdir -p "${root}$(dirname "${lib}")"; cp -L "${lib}" "${root}${lib}"; done
    printf 'hosts: files dns\n' > "${root}/etc/nsswitch.conf"
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "${root}/etc/passwd"
    python3 "${OCI_IMAGE}" --out "${work}/oci" --ref "localhost/curl:${tag}" --layer "curl=${root}" \
      --entrypoint '["/usr/bin/curl"]' --env PATH=/usr/bin:/bin --user 65534:65534 >/dev/null
    archive "${work}/oci" "${out}"
    rm -rf "${work}"
  fi
  printf 'localhost/curl:%s=%s\n' "${tag}" "${out}"
}

e2e_need gcc gcc
build_pause
build_curl
