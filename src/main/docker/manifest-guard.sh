#!/bin/sh
# Entrypoint of the manifest-guard image (built by src/build/image.sh or src/main/docker/Dockerfile.jvm;
# layout in README.md, "Container image"). JAVA_OPTS holds JVM options, split on blanks and never
# globbed; the arguments go to the application: none starts the webhook, `check PATH...` runs the CLI.
set -f
# BoringSSL unpacked at build time (src/build/jar-native.py): loaded from here, Netty does not unpack it
# into /tmp at every start. Before JAVA_OPTS, which may override it.
NATIVE=""
[ -d /deployments/lib/native ] && NATIVE="-Djava.library.path=/deployments/lib/native"
if [ "$#" -eq 0 ] && [ -f /deployments/app-cds.jsa ]; then
  # The webhook, with the AppCDS archive of the image's training run (src/build/cds-train.sh). Its
  # class path is relative, hence the working directory. -Xshare:auto: an archive that does not
  # match this JVM or these jars is ignored, never fatal; -Xlog:...=off keeps CDS notes out of the log.
  cd /deployments
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options; NATIVE is empty or one word
  exec /opt/java/bin/java -XX:SharedArchiveFile=/deployments/app-cds.jsa -Xshare:auto -Xlog:cds=off \
    -Xlog:cds+dynamic=off $NATIVE $JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar quarkus-run.jar
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options; NATIVE is empty or one word
exec /opt/java/bin/java $NATIVE $JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar /deployments/quarkus-run.jar "$@"
