#!/bin/sh
# Entrypoint of the manifest-guard image (built by src/build/image.sh or src/main/docker/Dockerfile.jvm;
# layout in README.md, "Container image"). JAVA_OPTS holds JVM options, split on blanks and never
# globbed; the arguments go to the application: none starts the webhook, `check PATH...` runs the CLI.
set -f
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec /opt/java/bin/java $JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar /deployments/quarkus-run.jar "$@"
