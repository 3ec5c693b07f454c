#!/usr/bin/env bash
# Builds a Java runtime for target/quarkus-app with jlink, holding only the JDK modules its jars use.
#
#   src/build/jre.sh APP_DIR OUT_DIR
#
# Modules: what jdeps finds in the jars without a module descriptor, plus what the modular jars
# require (src/build/JarModules.java reads their descriptors; jdeps refuses them), plus
# jdk.crypto.ec, which the TLS stack loads by name (ECDSA keys) and no jar refers to. Headless: the
# native libraries of displays, sound and fonts are left out.
# The module list is cached under ${MANIFEST_GUARD_IMAGE_CACHE:-$HOME/.cache/manifest-guard-image}
# by the names of the jars (a dependency change changes a name), as is the jlinked runtime by the
# JDK's version and the module list. Needs a JDK 17 with jmods (jlink, jdeps, java on PATH or in
# JAVA_HOME). Used by src/build/image.sh and src/main/docker/Dockerfile.jvm.
set -euo pipefail

app="${1:?usage: jre.sh APP_DIR OUT_DIR}"
out="${2:?usage: jre.sh APP_DIR OUT_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${MANIFEST_GUARD_IMAGE_CACHE:-${HOME}/.cache/manifest-guard-image}"
jbin="${JAVA_HOME:+${JAVA_HOME}/bin/}"
log() { printf '[jre] %s\n' "$*" >&2; }

[ -d "${app}/lib" ] || { echo "jre.sh: ${app} is not a Quarkus fast-jar directory (no lib/)" >&2; exit 2; }
mkdir -p "${cache}"
mapfile -t jars < <(cd "${app}" && find . -name '*.jar' | LC_ALL=C sort)
key="$(printf '%s\n' "${jars[@]}" | sha256sum | cut -c1-16)"
modules_file="${cache}/modules-${key}"
if [ ! -s "${modules_file}" ]; then
  log "computing the JDK modules of ${#jars[@]} jars (jdeps)"
  split="$(cd "${app}" && "${jbin}java" "${here}/JarModules.java" "${jars[@]}")"
  mapfile -t plain < <(sed -n 's/^plain //p' <<<"${split}")
  {
    sed -n 's/^requires //p' <<<"${split}"
    (cd "${app}" && "${jbin}jdeps" --ignore-missing-deps -q --multi-release 17 --print-module-deps "${plain[@]}") | tr ',' '\n'
    echo jdk.crypto.ec
  } | LC_ALL=C sort -u | paste -sd, > "${modules_file}.tmp"
  mv "${modules_file}.tmp" "${modules_file}"
fi
modules="$(cat "${modules_file}")"

jdk="$("${jbin}java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version|java.vendor /{printf "%s;", $2}')"
runtime="${cache}/jre-headless-$(printf '%s|%s|cds' "${jdk}" "${modules}" | sha256sum | cut -c1-16)"
if [ ! -x "${runtime}/bin/java" ]; then
  log "jlink ${modules}"
  rm -rf "${runtime}.tmp"
  # --generate-cds-archive: the runtime's own base CDS archive (lib/server/classes.jsa, as a JDK
  # has), which the image's AppCDS archive (src/build/cds-train.sh) is layered on.
  "${jbin}jlink" --add-modules "${modules}" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --generate-cds-archive --output "${runtime}.tmp" >&2
  # Headless: drop the native libraries only a display, sound or font rendering loads (java.desktop
  # is in for java.beans); they would pull X11, ALSA and freetype into an image.
  rm -f "${runtime}.tmp"/lib/lib{awt_xawt,jawt,splashscreen,jsound,fontmanager}.so
  mv "${runtime}.tmp" "${runtime}"
fi
rm -rf "${out}"
mkdir -p "$(dirname "${out}")"
cp -a "${runtime}" "${out}"
log "runtime in ${out} ($(du -sh "${out}" | cut -f1))"
