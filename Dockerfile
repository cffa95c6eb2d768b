# syntax=docker/dockerfile:1
# junction's image: the ./junction entry point with its runtime jars, running as a non-root user.
#   docker build -t junction:local .
#   docker run --rm junction:local run --help
# Every command of ./junction works (run, topics, endpoint, ingest, ...); options also come from
# JUNCTION_<OPTION> environment variables. JVM flags: JUNCTION_JAVA_OPTS (replaces the defaults below).

# Stage 1: build the load module and the modules it depends on, and gather their runtime jars.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dstyle.color=never -DskipTests -pl load -am package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp load/target/junction-load-*.jar load/target/lib/

# Stage 2: a JRE and the jars, nothing else.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 junction \
 && useradd --system --uid 10001 --gid junction --home-dir /var/lib/junction --no-create-home junction \
 && mkdir -p /var/lib/junction/state \
 && chown -R junction:junction /var/lib/junction
COPY --from=build /src/load/target/lib/ /opt/junction/lib/
# Kafka Streams state lives here; a volume mounted on it keeps it across container restarts, so
# a restarted instance restores only what changed instead of its whole tables.
ENV JUNCTION_STATE_DIR=/var/lib/junction/state
WORKDIR /var/lib/junction
USER 10001:10001
# /metrics, /health, /summary of `run` (--metrics-host 0.0.0.0 to reach them from outside).
EXPOSE 9400
# curl comes with the Temurin Ubuntu image. Only `run` serves this port: other commands run from
# this image (endpoint, topics) set or disable their own health check (see docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${JUNCTION_METRICS_PORT:-9400}/health/live" || exit 1
# Container-aware heap (75% of the memory limit), G1, and a crash rather than a limping JVM on
# OutOfMemoryError: the orchestrator restarts it and Kafka re-delivers what was not committed.
# JUNCTION_JAVA_OPTS replaces these flags, as it does for ./junction (the Helm chart sets it).
ENV JUNCTION_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
# A shell only to split JUNCTION_JAVA_OPTS into words; exec leaves java as PID 1, so SIGTERM
# reaches the JVM and its shutdown hook drains the sink.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JUNCTION_JAVA_OPTS -cp '/opt/junction/lib/*' junction.load.Junction \"$@\"", "junction"]
CMD ["run"]
