package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import junction.cli.Cli;
import junction.cli.CommandLines;
import junction.cli.KafkaOptions;
import junction.sink.SinkConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"junction\" password=\"secret123\";";

    private static AppConfig fromFlags(String... args) {
        return Cli.parse(new AppOptions(), args).toConfig(SinkConfig.defaults());
    }

    @Test
    void noFlagsGiveTheDefaults() {
        AppOptions options = Cli.parse(new AppOptions());

        assertThat(options.toConfig(SinkConfig.defaults())).isEqualTo(AppConfig.defaults());
        assertThat(options.endpoint()).isEqualTo(SinkConfig.defaults().endpoint());
    }

    @Test
    void zeroThreadsIsAUserErrorNamingTheFlag() {
        assertThatThrownBy(() -> fromFlags("--threads", "0"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--threads must be at least 1, was 0");
    }

    @Test
    void nonPositiveCommitIntervalIsAUserErrorNamingTheFlag() {
        assertThatThrownBy(() -> fromFlags("--commit-interval", "0s"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--commit-interval must be positive");
    }

    @Test
    void negativeShutdownTimeoutIsAProblemNamingTheFlag() {
        assertThatThrownBy(() -> fromFlags("--shutdown-timeout", "PT-1S"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--shutdown-timeout must be >= 0");
        assertThat(fromFlags("--shutdown-timeout", "0s").shutdownTimeout()).isZero();
    }

    @Test
    void kafkaPropertiesPassThroughAndSecretsAreMaskedInTheDescription() {
        AppConfig config = fromFlags("--kafka", "sasl.jaas.config=" + JAAS, "--kafka", "security.protocol=SASL_SSL");

        Properties streams = config.streamsProperties();
        assertThat(streams.get("sasl.jaas.config")).isEqualTo(JAAS);
        assertThat(streams.get("security.protocol")).isEqualTo("SASL_SSL");

        List<String> lines = config.describe();
        assertThat(lines).noneMatch(line -> line.contains("secret123"))
                .contains("kafka.sasl.jaas.config = ****", "kafka.security.protocol = SASL_SSL");
    }

    @Test
    void streamsPropertiesHoldTheTopologyRulesAndTheFlags() {
        Properties streams = fromFlags("--application-id", "junction-eu", "--threads", "3",
                "--commit-interval", "250ms", "--bootstrap-servers", "k1:9092,k2:9092").streamsProperties();

        assertThat(streams.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo("true");
        assertThat(streams.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("junction-eu");
        assertThat(streams.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
        assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("k1:9092,k2:9092");
        new StreamsConfig(streams);
    }

    @Test
    void kafkaFlagOverridesAJunctionDefault() {
        Properties streams = fromFlags("--commit-interval", "1s", "--kafka", "commit.interval.ms=250",
                "--kafka", "producer.linger.ms=0").streamsProperties();

        assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("250");
        assertThat(streams.get(StreamsConfig.producerPrefix("linger.ms"))).isEqualTo("0");
        assertThat(new StreamsConfig(streams).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
    }

    @Test
    void tuningProfilesDifferOnlyInTheirSettingsAndKafkaStillOverrides() {
        Properties tuned = fromFlags().streamsProperties();
        Properties baseline = fromFlags("--tuning", "baseline").streamsProperties();

        // The baseline keeps the settings junction ran with before the join was profiled.
        assertThat(baseline.get(StreamsConfig.producerPrefix("linger.ms"))).isEqualTo(10);
        assertThat(baseline.get(StreamsConfig.producerPrefix("compression.type"))).isEqualTo("lz4");
        String fetchBytes = StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes");
        assertThat(baseline).doesNotContainKey(fetchBytes);
        assertThat(tuned.get(fetchBytes)).isEqualTo(64 * 1024);
        assertThat(tuned.get(StreamsConfig.producerPrefix("linger.ms"))).isEqualTo(2);
        assertThat(tuned.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(RocksDBSettings.class);
        assertThat(baseline).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        // Task idling stays on (0): the stream-time order across a task's partitions keeps a
        // catch-up from emitting a customer without its item only because the item was not read yet.
        assertThat(tuned).doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        assertThat(fromFlags("--kafka", "producer.linger.ms=7").streamsProperties()
                .get(StreamsConfig.producerPrefix("linger.ms"))).isEqualTo("7");
        assertThat(new StreamsConfig(tuned).getMainConsumerConfigs("g", "c", 0)).containsEntry("max.partition.fetch.bytes", 64 * 1024);
        assertThat(fromFlags("--tuning", "BASELINE").tuning()).isEqualTo(StreamsTuning.BASELINE);
        assertThat(fromFlags("--tuning", "baseline").describe()).contains("tuning = baseline");
    }

    /**
     * {@code run} and {@code passes} merge the input topics' replication settings into the config
     * after parsing it ({@link AppConfig#withKafkaDefaults}); until 2026-12-07 that copy, and the
     * topic and passthrough copies, fell back to the tuned profile, so {@code --tuning baseline}
     * printed "tuning = baseline" and ran tuned.
     */
    @Test
    void everyCopyKeepsTheTuningProfile() {
        AppConfig baseline = fromFlags("--tuning", "baseline");

        for (AppConfig copy : List.of(
                baseline.withKafkaDefaults(java.util.Map.of("replication.factor", "3")),
                baseline.withTopics("c", "i", "o", "d"),
                baseline.withKafka(java.util.Map.of("producer.linger.ms", "7")),
                baseline.withBootstrapServers("k1:9092"),
                baseline.withSink(false, SinkConfig.defaults()),
                baseline.withApplication("a", java.nio.file.Path.of("s")),
                baseline.withProcessingGuarantee(StreamsConfig.AT_LEAST_ONCE),
                baseline.withStreamThreads(2))) {
            assertThat(copy.tuning()).isEqualTo(StreamsTuning.BASELINE);
            assertThat(copy.streamsProperties().get(StreamsConfig.producerPrefix("compression.type"))).isEqualTo("lz4");
        }
    }

    @Test
    void aCopyWithMoreStreamThreadsRunsThemAndKeepsTheRest() {
        AppConfig two = fromFlags("--record-cache-bytes", "1024").withStreamThreads(2);

        assertThat(two.streamsProperties().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(two.recordCacheBytes()).isEqualTo(1024);
    }

    @Test
    void theRecordCacheIsOffByDefaultAndItsFlagSizesKafkaStreamsCache() {
        assertThat(fromFlags().recordCacheBytes()).isZero();
        assertThat(fromFlags().streamsProperties()).doesNotContainKey(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG);
        AppConfig cached = fromFlags("--record-cache-bytes", "10485760");

        assertThat(cached.streamsProperties().get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(10_485_760L);
        assertThat(cached.describe()).contains("record-cache-bytes = 10485760");
        assertThat(cached.withKafkaDefaults(java.util.Map.of("replication.factor", "3")).recordCacheBytes()).isEqualTo(10_485_760L);
        assertThatThrownBy(() -> fromFlags("--record-cache-bytes", "-1"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--record-cache-bytes must be >= 0, was -1");
    }

    @Test
    void anUnknownTuningIsAUserErrorNamingTheFlag() {
        assertThatThrownBy(() -> fromFlags("--tuning", "fast"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--tuning must be one of [baseline, tuned], was 'fast'");
    }

    @Test
    void describeShowsEveryFieldOnItsOwnLine() {
        List<String> lines = fromFlags("--no-sink", "--threads", "2", "--commit-interval", "2m").describe();

        assertThat(lines).contains("threads = 2", "commit-interval = 2m", "shutdown-timeout = 30s",
                "bootstrap-servers = " + KafkaOptions.DEFAULT_BOOTSTRAP,
                "sink = off (bare join to " + AppConfig.defaults().outputTopic() + ")");
    }

    @Test
    void sinkProblemsAreSkippedWhenTheSinkIsOff() {
        SinkConfig broken = SinkConfig.defaults().toBuilder().lanes(0).build();

        assertThat(AppConfig.defaults().withSink(false, broken).problem()).isNull();
        assertThat(AppConfig.defaults().withSink(true, broken).problem()).isEqualTo("--sink-lanes must be > 0, was 0");
        assertThat(AppConfig.defaults().problem()).isNull();
        assertThat(AppConfig.defaults().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void exactlyOnceWithTheHttpSinkIsRefusedInOneLineAndAllowedForTheBareJoin() {
        assertThatThrownBy(() -> fromFlags("--processing-guarantee", "exactly_once_v2"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--processing-guarantee exactly_once_v2 cannot be used with the HTTP sink")
                .hasMessageNotContaining("\n");

        AppConfig bareJoin = fromFlags("--processing-guarantee", "exactly_once_v2", "--no-sink");
        assertThat(bareJoin.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void theStreamsGroupProtocolWithTheHttpSinkIsRefused() {
        assertThatThrownBy(() -> fromFlags("--kafka", "group.protocol=streams"))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--kafka group.protocol=streams cannot be used with the HTTP sink");

        assertThat(fromFlags("--kafka", "group.protocol=classic").problem()).isNull();
    }
}
