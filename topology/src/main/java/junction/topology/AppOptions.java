package junction.topology;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import junction.cli.CommandLines;
import junction.cli.KafkaOptions;
import junction.cli.TopicOptions;
import junction.sink.SinkConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The stream app's flags ({@code ./junction run}); each maps to one {@link AppConfig} field. */
public final class AppOptions {

    /** Where merged records go unless told otherwise: the local analytics endpoint of {@code ./junction endpoint}. */
    public static final String DEFAULT_ENDPOINT = "http://localhost:8080/ingest";

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Option(names = "--endpoint", defaultValue = DEFAULT_ENDPOINT, description = "Analytics endpoint the merged records are POSTed to. Default: ${DEFAULT-VALUE}.")
    URI endpoint;

    @Option(names = "--application-id", defaultValue = AppConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application.id: instances with the same id share the partitions. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads in this instance. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--standby-replicas", defaultValue = "0", description = "Warm copies of each task's state on other instances, for fast fail-over. Default: ${DEFAULT-VALUE}.")
    int standbyReplicas;

    @Option(names = "--processing-guarantee", defaultValue = "at_least_once", paramLabel = "at_least_once|exactly_once_v2",
            description = {"Kafka Streams' guarantee. exactly_once_v2 makes consuming the inputs and writing the output topic and state atomic;",
                    "the HTTP endpoint stays at-least-once either way (re-sent records keep their eventId). Default: ${DEFAULT-VALUE}."})
    String processingGuarantee;

    @Option(names = "--commit-interval", defaultValue = "1s", description = "How often offsets commit; each commit waits for the sink to settle what it was handed. Default: ${DEFAULT-VALUE}.")
    Duration commitInterval;

    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: <tmp>/junction-state.")
    Path stateDir;

    @Option(names = "--shutdown-timeout", defaultValue = "30s", description = "On SIGTERM, how long to wait for the sink to drain and offsets to commit. Default: ${DEFAULT-VALUE}.")
    Duration shutdownTimeout;

    @Option(names = "--max-record-bytes", defaultValue = "" + TopologyOptions.DEFAULT_MAX_RECORD_BYTES, paramLabel = "BYTES",
            description = "Largest input record value accepted; a larger one goes to the dead-letter topic (reason oversized). Default: ${DEFAULT-VALUE}.")
    int maxRecordBytes;

    @Option(names = "--no-sink", description = "Join to the output topic only, no HTTP delivery (a bare-join run).")
    boolean noSink;

    @Option(names = "--tuning", defaultValue = "tuned", paramLabel = "tuned|baseline",
            description = {"Named set of Kafka Streams and client settings: tuned (for a fast cold start, catch-up and low latency)",
                    "or baseline (junction's settings before tuning, kept to measure against). --kafka overrides either. Default: ${DEFAULT-VALUE}."})
    String tuning;

    @Option(names = "--record-cache-bytes", defaultValue = "0", paramLabel = "BYTES",
            description = {"Kafka Streams' record cache for the two input tables; 0 (the default) for none. A cache merges",
                    "the changes of one key that meet within a commit interval, so replaying topics with many versions",
                    "per key joins and delivers fewer records; but a table passes a change on only when its cache is",
                    "flushed, at the next commit, so every record waits up to --commit-interval. Default: ${DEFAULT-VALUE}."})
    long recordCacheBytes;

    public AppConfig toConfig(SinkConfig sink) {
        AppConfig d = AppConfig.defaults();
        StreamsTuning profile;
        try {
            profile = StreamsTuning.ofLabel(tuning);
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UserError(e.getMessage());
        }
        AppConfig config = new AppConfig(kafka.bootstrapServers(), applicationId, topics.customers(), topics.inventory(),
                topics.output(), topics.deadLetters(), threads, standbyReplicas, processingGuarantee, commitInterval,
                stateDir == null ? d.stateDir() : stateDir, !noSink, sink, shutdownTimeout, maxRecordBytes, kafka.properties(), profile,
                recordCacheBytes);
        String problem = config.problem();
        if (problem != null) {
            throw new CommandLines.UserError(problem);
        }
        return config;
    }

    public URI endpoint() {
        return endpoint;
    }

    public TopicOptions topics() {
        return topics;
    }
}
