#!/usr/bin/env bash
# Builds the manifest-guard container image without Docker: an OCI image layout from
# target/quarkus-app and a jlinked Java runtime. Layout, user and entrypoint: README.md,
# "Container image" (src/main/docker/Dockerfile.jvm builds the same image with Docker).
#
#   src/build/image.sh [--ref NAME:TAG] [--out DIR] [--app DIR] [--no-cds]
#
# Defaults: --ref manifest-guard:<project version>, --out target/image/oci, --app target/quarkus-app.
# Prints the manifest digest on stdout. Reproducible: the same target/quarkus-app, JDK and Debian
# libraries give the same digest; timestamps are SOURCE_DATE_EPOCH (default: the last commit's time).
# The fourth layer, an AppCDS archive from a training run (src/build/cds-train.sh), is the one part
# that is not bit-reproducible (its bytes differ between runs); --no-cds leaves it out, and the other
# three layers have the same digests either way.
# Push with skopeo, e.g. `skopeo copy oci:target/image/oci:TAG docker://REGISTRY/NAME:TAG`.
# Needs a JDK 17 with jmods, python3, ldd and /bin/dash (the image's /bin/sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app="${root}/target/quarkus-app"
out="${root}/target/image/oci"
ref=""
cds=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --ref) ref="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --app) app="$2"; shift 2 ;;
    --no-cds) cds=0; shift ;;
    *) echo "usage: image.sh [--ref NAME:TAG] [--out DIR] [--app DIR] [--no-cds]" >&2; exit 2 ;;
  esac
done
[ -f "${app}/quarkus-run.jar" ] || { echo "image.sh: no ${app}/quarkus-run.jar (run ./mvnw package first)" >&2; exit 2; }
version="$(python3 -c 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))' "${root}/pom.xml")"
ref="${ref:-manifest-guard:${version}}"
[[ "${ref}" == *:* ]] || { echo "image.sh: --ref needs a tag (NAME:TAG)" >&2; exit 2; }
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git -C "${root}" log -1 --format=%ct 2>/dev/null || echo 0)"
fi
export SOURCE_DATE_EPOCH

work="$(mktemp -d "${TMPDIR:-/tmp}/manifest-guard-image.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
base="${work}/base" deps="${work}/dependencies" application="${work}/application"

# Layer 1, the runtime: the JRE, the system libraries it, /bin/sh and the native libraries inside the
# application's jars load (not the JRE's own, found next to it through $ORIGIN), the user, /tmp.
"${root}/src/build/jre.sh" "${app}" "${base}/opt/java"
mkdir -p "${base}/bin" "${base}/etc" "${base}/usr/local/bin" "${base}/tmp"
# BoringSSL (netty-tcnative) ships inside a jar; the image carries it unpacked (layer 2, lib/native, passed
# as -Djava.library.path by the entrypoint) and here the system libraries it needs (librt, libpthread,
# libdl), which nothing in the JRE loads. Only this machine's architecture: the image is built for it.
python3 "${root}/src/build/jar-native.py" "${app}/lib" "${work}/jar-native"
cp /bin/dash "${base}/bin/sh"
chmod 1777 "${base}/tmp"
install -m 0755 "${root}/src/main/docker/manifest-guard.sh" "${base}/usr/local/bin/manifest-guard"
printf 'root:x:0:0:root:/root:/sbin/nologin\nmanifest-guard:x:185:185:manifest-guard:/deployments:/sbin/nologin\n' \
  > "${base}/etc/passwd"
printf 'root:x:0:\nmanifest-guard:x:185:\n' > "${base}/etc/group"
find "${base}/opt/java" "${base}/bin" "${work}/jar-native" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' \
  | grep -v "^${work}/" \
  | LC_ALL=C sort -u \
  | while read -r lib; do
      mkdir -p "${base}$(dirname "${lib}")"
      cp -L "${lib}" "${base}${lib}"
    done

# Layers 2 and 3: the dependencies (change rarely), then the application.
mkdir -p "${deps}/deployments" "${application}/deployments"
cp -a "${app}/lib" "${deps}/deployments/lib"
cp -a "${work}/jar-native" "${deps}/deployments/lib/native"
(cd "${app}" && find . -mindepth 1 -maxdepth 1 ! -name lib -exec cp -a {} "${application}/deployments/" \;)

# Layer 4: the AppCDS archive of a training run with the image's runtime, from a copy of
# /deployments with the image's file times (the JVM checks the jar's time and size).
layers=(--layer "runtime=${base}" --layer "dependencies=${deps}" --layer "application=${application}")
if [ "${cds}" = 1 ]; then
  train="${work}/train/deployments" cdsdir="${work}/cds"
  mkdir -p "${train}" "${cdsdir}/deployments"
  cp -a "${deps}/deployments/." "${application}/deployments/." "${train}/"
  find "${train}" -exec touch -h -d "@${SOURCE_DATE_EPOCH}" {} +
  if "${root}/src/build/cds-train.sh" "${base}/opt/java/bin/java" "${train}" "${cdsdir}/deployments/app-cds.jsa" >&2; then
    chmod 0644 "${cdsdir}/deployments/app-cds.jsa"
    layers+=(--layer "cds=${cdsdir}")
  else
    echo "image.sh: no AppCDS archive (the training run failed): the image starts without one" >&2
  fi
fi

rm -rf "${out}"
python3 "${root}/src/build/oci-image.py" --out "${out}" --ref "${ref}" \
  "${layers[@]}" \
  --entrypoint '["/usr/local/bin/manifest-guard"]' \
  --env PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin --env JAVA_HOME=/opt/java --env JAVA_OPTS= \
  --user 185:185 --workdir /deployments --expose 8080/tcp --expose 8443/tcp \
  --label org.opencontainers.image.title=manifest-guard \
  --label "org.opencontainers.image.version=${version}"
