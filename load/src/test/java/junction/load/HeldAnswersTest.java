package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import junction.app.topics.TopicReader;
import junction.ingest.Generator;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;
import junction.load.bench.ChildProcess;
import junction.load.cli.Harness;
import junction.model.DeliveryHeaders;
import junction.sink.SinkConfig;
import junction.topology.AppConfig;
import junction.topology.CustomerInventoryTopology;
import junction.topology.GroupLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The commit barrier, tested where it matters: a real broker, a real endpoint that accepts requests
 * but withholds its answers ({@code holdResponses}), and the stream app. Both tests fail when
 * {@code CommitBarrier} does not hold commits back (its clamp returning the offset Kafka Streams
 * asks for): then offsets are committed past records the endpoint never acknowledged, and a crash
 * loses them.
 */
@Tag("integration")
@Takes(seconds = 45)
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT)
class HeldAnswersTest {

    private static final long SEED = 13;
    private static final int CUSTOMERS = 1_000;
    private static final int SKUS = 100;
    private static final int PARTITIONS = 2;
    /** Several of the app's 1 s commit intervals: long enough for commits to pass held records if nothing stops them. */
    private static final Duration HELD_FOR = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final EndpointFaults HOLDING = EndpointFaults.builder().forgetful(true).holdResponses(true).build();
    private static final EndpointFaults ANSWERING = EndpointFaults.builder().forgetful(true).build();
    private static final Pattern APP_READY = Pattern.compile("ops endpoints: ");
    private static final String RESPONSE_TOPIC = "-" + CustomerInventoryTopology.JOIN_NAME + "-subscription-response-topic";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyRecordWhoseAnswerWasHeldIsDeliveredAgainAfterTheAppIsKilled(EmbeddedKafka kafka, @TempDir Path dir)
            throws Exception {
        AppConfig app = SharedKafka.withOwnNames(AppConfig.defaults(), "held-killed");
        try (AnalyticsEndpoint endpoint = AnalyticsEndpoint.start("localhost", 0, HOLDING);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Pipeline.createTopics(kafka, app, PARTITIONS);
            Generator generator = new Generator(SEED, CUSTOMERS, SKUS);
            try (InputProducer producer = InputProducer.connect(kafka.bootstrapServers(), app.customersTopic(),
                    app.inventoryTopic())) {
                new IngestJob(generator, producer).preload();
            }

            ChildProcess first = startApp(kafka, app, endpoint, dir, "app");
            Set<String> held;
            try {
                await("requests held at the endpoint").atMost(TIMEOUT).until(() -> !endpoint.heldEventIds().isEmpty());
                await("commit intervals pass with answers held").during(HELD_FOR).atMost(HELD_FOR.plusSeconds(5))
                        .until(() -> first.isAlive() && !endpoint.heldEventIds().isEmpty());
                held = endpoint.heldEventIds();
                assertThat(endpoint.receivedEventIds()).as("nothing acknowledged yet").isEmpty();
                first.kill();
            } finally {
                first.close();
            }
            // The killed app's connections are gone: its held requests are dropped, never applied.
            await("held requests dropped").atMost(TIMEOUT).until(() -> endpoint.heldEventIds().isEmpty());
            endpoint.faults(ANSWERING);

            try (ChildProcess second = startApp(kafka, app, endpoint, dir, "app-2")) {
                await("restarted app drained").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> second.isAlive() && GroupLag.committedLag(admin, app.applicationId(), consumedTopics(app)) == 0);
                second.terminate(Duration.ofSeconds(30));
            }

            assertThat(endpoint.receivedEventIds()).as("records whose answers were held, delivered again").containsAll(held);
            EventAccount events = EventAccount.of(kafka.bootstrapServers(), app.outputTopic(), READ_TIMEOUT,
                    true, endpoint.receivedEventIds(), List.of());
            assertThat(events.examples()).isEmpty();
            assertThat(events.lost()).as("lostEvents").isZero();
            assertThat(events.emitted()).isPositive();
            VerificationReport view = Verifier.verify(new HashMap<>(generator.customers()),
                    new HashMap<>(generator.inventory()), endpoint.view(), endpoint.stats().duplicates());
            assertThat(view.examples()).isEmpty();
            assertThat(view.verified()).isTrue();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void committedOffsetsDoNotPassARecordWhoseAnswerIsHeld(EmbeddedKafka kafka) throws Exception {
        Pipeline.Options options = SharedKafka.pipelineOptions(CUSTOMERS, SKUS).withSeed(SEED)
                .withUpdates(200, Duration.ofSeconds(1)).withPartitions(PARTITIONS)
                .withApp(SharedKafka.withOwnNames(AppConfig.defaults(), "held-committed").withSink(true, SinkConfig.builder().build())).withFaults(HOLDING);
        try (Pipeline pipeline = Pipeline.start(options, kafka);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            AnalyticsEndpoint endpoint = pipeline.endpoint();
            pipeline.produce();
            await("requests held at the endpoint").atMost(TIMEOUT).until(() -> !endpoint.heldEventIds().isEmpty());
            await("commit intervals pass with answers held").during(HELD_FOR).atMost(HELD_FOR.plusSeconds(5))
                    .until(() -> !endpoint.heldEventIds().isEmpty());

            Set<String> held = endpoint.heldEventIds();
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(pipeline.app().config().applicationId())
                    .partitionsToOffsetAndMetadata().get();
            Map<String, Origin> origins = origins(pipeline.bootstrapServers(), pipeline.app().config().outputTopic(), held);
            assertThat(origins).as("each held record on the output topic, with its origin").hasSameSizeAs(held);
            for (Map.Entry<String, Origin> entry : origins.entrySet()) {
                Origin origin = entry.getValue();
                OffsetAndMetadata offset = committed.get(origin.partition());
                assertThat(offset == null ? 0 : offset.offset())
                        .as("committed offset of %s while the answer for event %s (triggered at offset %d) is held",
                                origin.partition(), entry.getKey(), origin.offset())
                        .isLessThanOrEqualTo(origin.offset());
            }

            endpoint.faults(ANSWERING);
            assertThat(pipeline.awaitDrained(TIMEOUT)).as("drained once answers come").isTrue();
            DemoResult result = pipeline.result();
            assertThat(result.verification().examples()).isEmpty();
            assertThat(result.verification().lostEvents()).isZero();
            assertThat(result.verification().verified()).isTrue();
        }
    }

    /** Where a record came from: the partition and offset of the record that triggered it. */
    private record Origin(TopicPartition partition, long offset) {
        static Origin parse(String text) {
            int last = text.lastIndexOf('/');
            int middle = text.lastIndexOf('/', last - 1);
            return new Origin(new TopicPartition(text.substring(0, middle), Integer.parseInt(text.substring(middle + 1, last))),
                    Long.parseLong(text.substring(last + 1)));
        }
    }

    /** The origin of each of these event ids, from the output topic's headers. */
    private static Map<String, Origin> origins(String bootstrapServers, String outputTopic, Set<String> eventIds) {
        Map<String, Origin> origins = new HashMap<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, READ_TIMEOUT)) {
            reader.readToEnd(outputTopic, record -> {
                String id = text(record.headers().lastHeader(DeliveryHeaders.EVENT_ID));
                if (eventIds.contains(id)) {
                    origins.put(id, Origin.parse(text(record.headers().lastHeader(DeliveryHeaders.ORIGIN))));
                }
            });
        }
        return origins;
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Set<String> consumedTopics(AppConfig app) {
        return Set.of(app.customersTopic(), app.inventoryTopic(), app.applicationId() + RESPONSE_TOPIC,
                app.applicationId() + "-" + CustomerInventoryTopology.JOIN_NAME + "-subscription-registration-topic");
    }

    /** The stream app as its own JVM, so it can be killed; a short session timeout lets a restart take over in seconds. */
    private static ChildProcess startApp(EmbeddedKafka kafka, AppConfig config, AnalyticsEndpoint endpoint, Path dir,
            String name) throws Exception {
        ChildProcess app = ChildProcess.start(name, Harness.class.getName(), List.of("-Xmx384m"), List.of("run",
                "--bootstrap-servers", kafka.bootstrapServers(), "--endpoint", endpoint.uri() + "/ingest",
                "--application-id", config.applicationId(), "--state-dir", dir.resolve("state").toString(),
                "--customers-topic", config.customersTopic(), "--inventory-topic", config.inventoryTopic(),
                "--output-topic", config.outputTopic(), "--dead-letter-topic", config.deadLetterTopic(),
                "--metrics-port", "0", "--kafka", "session.timeout.ms=6000", "--kafka", "heartbeat.interval.ms=1000"),
                dir.resolve(name + ".log"));
        app.awaitLine(APP_READY, TIMEOUT);
        return app;
    }
}
