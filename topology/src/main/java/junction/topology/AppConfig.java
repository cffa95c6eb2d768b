package junction.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import junction.cli.Durations;
import junction.cli.KafkaOptions;
import junction.cli.SinkOptions;
import junction.model.Topics;
import junction.sink.SinkConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the stream app needs, typed, in one place. Built from flags, environment and a
 * properties file by {@link RunCommand}; the demo and the tests build it directly.
 *
 * @param processingGuarantee {@code at_least_once}, or {@code exactly_once_v2} for the bare join
 *              ({@code --no-sink}) only: exactly-once covers Kafka (inputs consumed, output topic
 *              and state written atomically), and the HTTP sink's commit barrier cannot take part
 * @param maxRecordBytes the largest input value the topology accepts; larger ones are dead-lettered
 * @param kafka Kafka Streams / client properties passed through as they are ({@code --kafka k=v}),
 *              applied last so an operator can override any default here
 * @param tuning the named set of Streams and client settings ({@code --tuning}), applied before {@code kafka}
 * @param recordCacheBytes Kafka Streams' record cache for the two input tables, 0 for none
 *              ({@code --record-cache-bytes}): a trade of latency (every change waits for the next
 *              commit) for less work when one key changes many times within a commit interval
 */
public record AppConfig(
        String bootstrapServers,
        String applicationId,
        String customersTopic,
        String inventoryTopic,
        String outputTopic,
        String deadLetterTopic,
        int streamThreads,
        int standbyReplicas,
        String processingGuarantee,
        Duration commitInterval,
        Path stateDir,
        boolean sinkEnabled,
        SinkConfig sink,
        Duration shutdownTimeout,
        int maxRecordBytes,
        Map<String, String> kafka,
        StreamsTuning tuning,
        long recordCacheBytes) {

    public static final String DEFAULT_APPLICATION_ID = "junction";
    static final List<String> GUARANTEES = List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2);

    public static AppConfig defaults() {
        return new AppConfig(KafkaOptions.DEFAULT_BOOTSTRAP, DEFAULT_APPLICATION_ID,
                Topics.CUSTOMERS.name(), Topics.INVENTORY.name(), Topics.CUSTOMER_INVENTORY.name(),
                Topics.DEAD_LETTERS.name(), 1, 0, StreamsConfig.AT_LEAST_ONCE, Duration.ofSeconds(1),
                Path.of(System.getProperty("java.io.tmpdir"), "junction-state"), true,
                SinkConfig.defaults(), Duration.ofSeconds(30),
                TopologyOptions.DEFAULT_MAX_RECORD_BYTES, Map.of(), StreamsTuning.TUNED, 0);
    }

    public AppConfig withBootstrapServers(String servers) {
        Copy copy = new Copy(this);
        copy.bootstrapServers = servers;
        return copy.build();
    }

    public AppConfig withSink(boolean enabled, SinkConfig sinkConfig) {
        Copy copy = new Copy(this);
        copy.sinkEnabled = enabled;
        copy.sink = sinkConfig;
        return copy.build();
    }

    public AppConfig withApplication(String id, Path dir) {
        Copy copy = new Copy(this);
        copy.applicationId = id;
        copy.stateDir = dir;
        return copy.build();
    }

    public AppConfig withProcessingGuarantee(String guarantee) {
        Copy copy = new Copy(this);
        copy.processingGuarantee = guarantee;
        return copy.build();
    }

    /** With these Kafka properties added where the passthrough does not set them already: the operator's word wins. */
    public AppConfig withKafkaDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(defaults);
        merged.putAll(kafka);
        Copy copy = new Copy(this);
        copy.kafka = Map.copyOf(merged);
        return copy.build();
    }

    /** The same app on other topics: runs sharing one broker (tests) give each their own. */
    public AppConfig withTopics(String customers, String inventory, String output, String deadLetters) {
        Copy copy = new Copy(this);
        copy.customersTopic = customers;
        copy.inventoryTopic = inventory;
        copy.outputTopic = output;
        copy.deadLetterTopic = deadLetters;
        return copy.build();
    }

    /** With these Kafka Streams / client properties passed through ({@code --kafka}), in place of the ones before. */
    public AppConfig withKafka(Map<String, String> properties) {
        Copy copy = new Copy(this);
        copy.kafka = Map.copyOf(properties);
        return copy.build();
    }

    /** The first problem with this configuration as one line naming the option, or null. */
    public String problem() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return "--bootstrap-servers must name at least one broker (host:port)";
        }
        for (String server : bootstrapServers.split(",")) {
            // Kafka's own rule (ClientUtils): an entry must have a host and a port; empty ones are skipped.
            String address = server.strip();
            if (!address.isEmpty() && (Utils.getHost(address) == null || Utils.getPort(address) == null)) {
                return "--bootstrap-servers must be host:port[,host:port], was '" + bootstrapServers + "'";
            }
        }
        if (streamThreads < 1) {
            return "--threads must be at least 1, was " + streamThreads;
        }
        if (standbyReplicas < 0) {
            return "--standby-replicas must be >= 0, was " + standbyReplicas;
        }
        if (!GUARANTEES.contains(processingGuarantee)) {
            return "--processing-guarantee must be one of " + String.join(", ", GUARANTEES) + ", was " + processingGuarantee;
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            return "--commit-interval must be positive, was " + Durations.format(commitInterval);
        }
        if (maxRecordBytes < 1) {
            return "--max-record-bytes must be at least 1, was " + maxRecordBytes;
        }
        if (recordCacheBytes < 0) {
            return "--record-cache-bytes must be >= 0, was " + recordCacheBytes;
        }
        if (shutdownTimeout.isNegative()) {
            return "--shutdown-timeout must be >= 0, was " + Durations.format(shutdownTimeout);
        }
        if (sinkEnabled && StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)) {
            // Under exactly-once the offsets commit inside the transaction that also holds the state
            // and output writes; holding offsets back for the endpoint would break that, and waiting
            // for the endpoint inside the transaction gets it aborted (transaction.timeout.ms) and
            // replayed again and again. The endpoint is at-least-once either way.
            return "--processing-guarantee exactly_once_v2 cannot be used with the HTTP sink: the endpoint cannot join"
                    + " a Kafka transaction, and offsets held back for it would break exactly-once; use at_least_once"
                    + " (records are re-sent with the same eventId) or --no-sink";
        }
        String protocol = kafka.get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        if (sinkEnabled && protocol != null && !"classic".equalsIgnoreCase(protocol)) {
            return "--kafka " + StreamsConfig.GROUP_PROTOCOL_CONFIG + "=" + protocol + " cannot be used with the HTTP sink:"
                    + " the commit barrier needs the classic group protocol's consumer (Kafka Streams 4.3 does not let"
                    + " a client supplier provide the streams protocol's consumer)";
        }
        return sinkEnabled ? sink.validate().map(SinkOptions::asOption).orElse(null) : null;
    }

    /** A copy with another set of tuned settings. */
    public AppConfig withTuning(StreamsTuning value) {
        Copy copy = new Copy(this);
        copy.tuning = value;
        return copy.build();
    }

    /** A copy with this many stream threads. */
    public AppConfig withStreamThreads(int threads) {
        Copy copy = new Copy(this);
        copy.streamThreads = threads;
        return copy.build();
    }

    /** A copy with a record cache of this many bytes for the input tables (0: none). */
    public AppConfig withRecordCacheBytes(long bytes) {
        Copy copy = new Copy(this);
        copy.recordCacheBytes = bytes;
        return copy.build();
    }

    /**
     * A copy of a configuration to change a few fields of. Every {@code with…} goes through it, so
     * a new field is listed here and in the record, not in every copy: a copy that listed the
     * fields itself once dropped the tuning profile ({@code --tuning baseline} ran tuned).
     */
    private static final class Copy {
        private String bootstrapServers;
        private String applicationId;
        private String customersTopic;
        private String inventoryTopic;
        private String outputTopic;
        private String deadLetterTopic;
        private int streamThreads;
        private int standbyReplicas;
        private String processingGuarantee;
        private Duration commitInterval;
        private Path stateDir;
        private boolean sinkEnabled;
        private SinkConfig sink;
        private Duration shutdownTimeout;
        private int maxRecordBytes;
        private Map<String, String> kafka;
        private StreamsTuning tuning;
        private long recordCacheBytes;

        Copy(AppConfig c) {
            bootstrapServers = c.bootstrapServers;
            applicationId = c.applicationId;
            customersTopic = c.customersTopic;
            inventoryTopic = c.inventoryTopic;
            outputTopic = c.outputTopic;
            deadLetterTopic = c.deadLetterTopic;
            streamThreads = c.streamThreads;
            standbyReplicas = c.standbyReplicas;
            processingGuarantee = c.processingGuarantee;
            commitInterval = c.commitInterval;
            stateDir = c.stateDir;
            sinkEnabled = c.sinkEnabled;
            sink = c.sink;
            shutdownTimeout = c.shutdownTimeout;
            maxRecordBytes = c.maxRecordBytes;
            kafka = c.kafka;
            tuning = c.tuning;
            recordCacheBytes = c.recordCacheBytes;
        }

        AppConfig build() {
            return new AppConfig(bootstrapServers, applicationId, customersTopic, inventoryTopic, outputTopic,
                    deadLetterTopic, streamThreads, standbyReplicas, processingGuarantee, commitInterval, stateDir,
                    sinkEnabled, sink, shutdownTimeout, maxRecordBytes, kafka, tuning, recordCacheBytes);
        }
    }

    /** Kafka Streams properties: junction's fixed settings, then its defaults and tuning profile, then passthrough. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(CustomerInventoryTopology.streamsDefaults());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        // Each commit is also the sink's delivery barrier: short enough that a crash replays
        // little, long enough that batches still fill between barriers.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (recordCacheBytes > 0) {
            // Only the input tables are built with a cache (TopologyOptions#inputTablesCached).
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, recordCacheBytes);
        }
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        // The topology's dead letters go where the sink's do.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        p.putAll(tuning.properties());
        p.putAll(kafka);
        return p;
    }

    /** The effective configuration, one "name = value" line each, secrets masked. */
    public List<String> describe() {
        Map<String, Object> shown = new TreeMap<>();
        shown.put("bootstrap-servers", bootstrapServers);
        shown.put("application-id", applicationId);
        shown.put("topics", customersTopic + ", " + inventoryTopic + " -> " + outputTopic
                + " (dead letters: " + deadLetterTopic + ")");
        shown.put("threads", streamThreads);
        shown.put("standby-replicas", standbyReplicas);
        shown.put("processing-guarantee", processingGuarantee);
        shown.put("commit-interval", Durations.format(commitInterval));
        shown.put("state-dir", stateDir);
        shown.put("shutdown-timeout", Durations.format(shutdownTimeout));
        shown.put("max-record-bytes", maxRecordBytes);
        shown.put("tuning", tuning.label());
        shown.put("record-cache-bytes", recordCacheBytes == 0 ? "0 (none: every change leaves at once)" : recordCacheBytes);
        shown.put("sink", sinkEnabled ? SinkOptions.describe(sink) : "off (bare join to " + outputTopic + ")");
        kafka.forEach((k, v) -> shown.put("kafka." + k, maskIfSecret(k, v)));
        List<String> lines = new ArrayList<>();
        shown.forEach((k, v) -> lines.add(k + " = " + v));
        return lines;
    }

    static String maskIfSecret(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret = k.contains("password") || k.contains("secret") || k.contains("jaas")
                || k.contains("token") || k.contains("credential") || k.endsWith(".key");
        return secret ? "****" : value;
    }
}
