# syntax=docker/dockerfile:1
# Two images from one build. The default target is the product, what an operator deploys: the
# `junction` command (run, topics, redrive, ingest) with the product's runtime jars only, no Kafka
# broker, Scala, chart library or test endpoint (the junction-app module's enforcer rule keeps
# them out). The `harness` target adds the harness (demo, bench, load, replay, the test endpoint):
# docker-compose.yml builds it for its endpoint service.
#   docker build -t junction:local .                       # the product
#   docker build --target harness -t junction-harness:local .
#   docker run --rm junction:local run --help
# Options also come from JUNCTION_<OPTION> environment variables. JVM flags: JUNCTION_JAVA_OPTS
# (replaces the defaults below).

# Stage 1: build every module once, then gather each side's runtime jars in its own folder.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dstyle.color=never -DskipTests -pl app,load -am package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp app/target/junction-app-*.jar app/target/lib/ \
 && cp load/target/junction-load-*.jar load/target/lib/

# What both images share: a JRE, a non-root user, the state directory and the JVM flags.
FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system --gid 10001 junction \
 && useradd --system --uid 10001 --gid junction --home-dir /var/lib/junction --no-create-home junction \
 && mkdir -p /var/lib/junction/state \
 && chown -R junction:junction /var/lib/junction
# Kafka Streams state lives here; a volume mounted on it keeps it across container restarts, so
# a restarted instance restores only what changed instead of its whole tables.
ENV JUNCTION_STATE_DIR=/var/lib/junction/state
WORKDIR /var/lib/junction
USER 10001:10001
# Container-aware heap (75% of the memory limit), G1, and a crash rather than a limping JVM on
# OutOfMemoryError: the orchestrator restarts it and Kafka re-delivers what was not committed.
# JUNCTION_JAVA_OPTS replaces these flags, as it does for ./junction (the Helm chart sets it).
ENV JUNCTION_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"

# The harness: every command of ./junction, for the compose file's test endpoint.
FROM runtime AS harness
COPY --from=build /src/load/target/lib/ /opt/junction/lib/
ENTRYPOINT ["/bin/sh", "-c", "exec java $JUNCTION_JAVA_OPTS -cp '/opt/junction/lib/*' junction.load.cli.Harness \"$@\"", "junction"]
CMD ["--help"]

# The product (the default target: last in the file).
FROM runtime AS product
COPY --from=build /src/app/target/lib/ /opt/junction/lib/
# /metrics, /health, /summary of `run` (--metrics-host 0.0.0.0 to reach them from outside).
EXPOSE 9400
# curl comes with the Temurin Ubuntu image. Only `run` serves this port: other commands run from
# this image (topics) disable their own health check (see docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${JUNCTION_METRICS_PORT:-9400}/health/live" || exit 1
# A shell only to split JUNCTION_JAVA_OPTS into words; exec leaves java as PID 1, so SIGTERM
# reaches the JVM and its shutdown hook drains the sink.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JUNCTION_JAVA_OPTS -cp '/opt/junction/lib/*' junction.app.Junction \"$@\"", "junction"]
CMD ["run"]
