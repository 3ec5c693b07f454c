#!/bin/sh
# The training run behind the image's AppCDS archive: starts the webhook from DEPLOYMENTS_DIR as the
# entrypoint does (working directory /deployments, `-jar quarkus-run.jar`, a relative class path, so
# the archive is valid wherever the directory lies), lets its warm-up run (synthetic reviews
# through the engine, TLS handshakes with its own port: admission.AdmissionWarmup), links the classes
# it loaded (admission.CdsTrainingLinker: a JDK 17 dynamic archive leaves out a custom loader's
# unlinked classes; it needs java.lang opened) and exits; the JVM writes them to OUT
# (-XX:ArchiveClassesAtExit).
#
#   src/build/cds-train.sh JAVA DEPLOYMENTS_DIR OUT
#
# Used by src/build/image.sh and src/main/docker/Dockerfile.jvm. JAVA must be the runtime the image
# runs (the archive is only valid for that exact JVM build, and it needs that runtime's own base
# archive: jre.sh jlinks with --generate-cds-archive). The jar times must be the image's (the JVM
# checks them). Loopback only, ports chosen by the kernel, no cluster, a generated certificate.
# Not bit-reproducible: the archive's bytes differ between runs (README, "Container image").
set -eu
java="${1:?usage: cds-train.sh JAVA DEPLOYMENTS_DIR OUT}"
dir="${2:?usage: cds-train.sh JAVA DEPLOYMENTS_DIR OUT}"
out="${3:?usage: cds-train.sh JAVA DEPLOYMENTS_DIR OUT}"
rm -f "${out}"
cd "${dir}"
# As the entrypoint runs it: BoringSSL from lib/native when the image carries it unpacked.
native=""
[ -d lib/native ] && native="-Djava.library.path=lib/native"
# Port 0 for HTTP and HTTPS is not possible (the warm-up needs the HTTPS port's number): fixed
# high ports, overridable.
# shellcheck disable=SC2086 # native is empty or one word
env -u KUBECONFIG \
  QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_HTTP_PORT="${CDS_TRAIN_HTTP_PORT:-38080}" \
  QUARKUS_HTTP_SSL_PORT="${CDS_TRAIN_HTTPS_PORT:-38443}" \
  MANIFEST_GUARD_CLUSTER_MODE=off \
  MANIFEST_GUARD_POLICY=/nonexistent/policy.yaml \
  MANIFEST_GUARD_TLS_CERT=/nonexistent/tls.crt MANIFEST_GUARD_TLS_KEY=/nonexistent/tls.key \
  MANIFEST_GUARD_WARMUP_EXIT=true \
  MANIFEST_GUARD_CDS_TRAINING=true \
  timeout 120 "${java}" ${native} --add-opens java.base/java.lang=ALL-UNNAMED -XX:ArchiveClassesAtExit="${out}" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar quarkus-run.jar > "${out}.log" 2>&1 \
  || { echo "cds-train.sh: training run failed: $(tail -n 5 "${out}.log")" >&2; rm -f "${out}"; exit 1; }
[ -s "${out}" ] || { echo "cds-train.sh: no archive written" >&2; exit 1; }
rm -f "${out}.log"
