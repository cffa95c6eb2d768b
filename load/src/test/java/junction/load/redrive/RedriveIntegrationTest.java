package junction.load.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import junction.app.topics.DeadLetterTopic;
import junction.app.topics.TopicReader;
import junction.cli.Cli;
import junction.load.AnalyticsEndpoint;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.load.cli.Harness;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import junction.model.JsonSerde;
import junction.model.Topics;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./junction redrive} against a real broker and the real analytics endpoint. Dead letters
 * are written as the sink writes them ({@link KafkaDeadLetters}) and as Kafka Streams' DLQ does
 * (an unreadable input record with {@code __streams.errors.*} headers); the output topic holds
 * the customers' latest versions, as the stream app leaves it. Each test starts with empty topics
 * and consumer groups of its own, on the test JVM's shared broker.
 */
@Tag("integration")
@Takes(seconds = 26)
@ExtendWith(SharedKafka.class)
class RedriveIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SUPERSEDED = "sink: superseded by a newer version";
    private static final String TOPOLOGY_INPUT =
            "topology: unreadable input (" + SerializationException.class.getName() + ")";

    private static EmbeddedKafka kafka;
    private static AnalyticsEndpoint endpoint;
    private static Admin admin;
    /** The current test's topics and the prefix of its groups: its own on the JVM's shared broker. */
    private static String prefix;
    private static String dlq;
    private static String outputTopic;

    /** A letter's address and headers, read back from the topic. */
    record Letter(TopicPartition partition, long offset, String key, byte[] value, Map<String, String> headers) {
        String where() {
            return partition.topic() + "/" + partition.partition() + "/" + offset;
        }
    }

    /** One run of the command: its exit code, its batch lines and its summary. */
    record Run(int exitCode, List<String> batches, JsonNode summary, String err) {
    }

    @BeforeAll
    static void start(EmbeddedKafka shared) {
        kafka = shared;
        endpoint = AnalyticsEndpoint.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        endpoint.close();
    }

    @BeforeEach
    void emptyTopicsAndEndpoint() {
        prefix = SharedKafka.uniqueName("redrive");
        dlq = prefix + "-" + Topics.DEAD_LETTERS.name();
        outputTopic = prefix + "-" + Topics.CUSTOMER_INVENTORY.name();
        kafka.createTopics(3, dlq);
        kafka.createCompactedTopics(3, outputTopic);
        endpoint.clearFaults();
        endpoint.reset();
    }

    @Test
    void deliversSinkLettersRewritesRefusedOnesLeavesTheRestAndSendsNothingTwice() throws Exception {
        CustomerInventory c1 = version("c1", 1);
        CustomerInventory c2 = version("c2", 1);
        CustomerInventory c3 = version("c3", 1);
        CustomerInventory c4 = version("c4", 1);
        CustomerInventory c5Deleted = CustomerInventory.deletion("c5").withDelivery("ev-c5-deleted", 1_500);
        CustomerInventory c6 = version("c6", 1);
        // The output topic as the stream app left it: c3 has moved on to version 2, c5 and c6 were deleted.
        output(c1, c2, c3, version("c3", 2), c4, version("c5", 1), c6);
        tombstones("c5", "c6");
        deadLetter(c1, "retries exhausted after 7 attempts in 60s; last: HTTP 503: busy",
                Map.of("junction.http-status", "503", "junction.attempts", "7"));
        deadLetter(c2, "HTTP 400: {\"error\":\"bad\"}", Map.of("junction.http-status", "400", "junction.attempts", "1"));
        deadLetter(c3, "HTTP 400: stale", Map.of("junction.http-status", "400", "junction.attempts", "1"));
        deadLetter(c4, "HTTP 400: refused", Map.of("junction.http-status", "400", "junction.attempts", "2"));
        deadLetter(c5Deleted, "retries exhausted after 3 attempts in 60s; last: connection refused",
                Map.of("junction.attempts", "3"));
        deadLetter(c6, "HTTP 400: gone", Map.of("junction.http-status", "400", "junction.attempts", "1"));
        topologyLetter("poison-key", "{\"customerId\": \"c9\", \"sku\": ");
        Map<TopicPartition, Long> end = endOffsets();
        Letter original = only(letters(), "c4");
        endpoint.faults(EndpointFaults.builder().rejectCustomers(Set.of("c4")).build());

        Run first = redrive("--group", group("ops"));

        assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
        assertThat(first.summary()).isEqualTo(json("""
                {"dryRun":false,"read":7,"toRedrive":4,"redriven":3,"rejectedAgain":1,"skipped":3,"unsettled":0,
                 "lettersByReason":{"HTTP 400":2,"HTTP 503":1,"no answer":1},
                 "rejectedAgainByReason":{"HTTP 400":1},
                 "skippedByReason":{"%s":2,"%s":1},
                 "verified":true}""".formatted(SUPERSEDED, TOPOLOGY_INPUT)));
        assertThat(first.batches()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("batch ").endsWith("; committed"));
        // The current versions reached the endpoint as they were; the superseded, refused and input ones did not.
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2").containsEntry("c1", c1).containsEntry("c2", c2);
        assertThat(endpoint.stats().deletes()).as("c5's deletion").isEqualTo(1);
        assertThat(endpoint.stats().records()).isEqualTo(3);
        // The refused letter is on the topic anew, past the run's end, and the group's offsets passed the original.
        Letter rewritten = only(lettersFrom(end), "c4");
        assertThat(rewritten.partition()).isEqualTo(original.partition());
        assertThat(rewritten.value()).isEqualTo(original.value());
        assertThat(rewritten.headers())
                .containsEntry("junction.stage", "sink")
                .containsEntry("junction.event-id", "ev-c4-1")
                .containsEntry("junction.http-status", "400")
                .containsEntry("junction.attempts", "3")
                .containsEntry("junction.redrives", "1")
                .containsEntry("junction.redriven-from", original.where());
        assertThat(rewritten.headers().get("junction.reason")).isEqualTo("rejected_by_endpoint");
        assertThat(rewritten.headers().get("junction.detail")).startsWith("HTTP 400: ").contains("customer c4 is rejected");
        assertThat(committed("ops")).isEqualTo(withLetters(end));
        assertThat(committed("ops").get(original.partition())).isGreaterThan(original.offset()).isEqualTo(rewritten.offset());
        assertThat(lettersFrom(end)).as("nothing but the rewrite was added").hasSize(1);

        Run second = redrive("--group", group("ops"));

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.summary().path("read").asLong()).as("only the rewritten letter").isEqualTo(1);
        assertThat(second.summary().path("rejectedAgain").asLong()).isEqualTo(1);
        assertThat(second.summary().path("redriven").asLong()).isZero();
        assertThat(endpoint.stats().records()).as("nothing delivered twice").isEqualTo(3);
        assertThat(endpoint.stats().duplicates()).isZero();
        Letter again = only(lettersFrom(Map.of(rewritten.partition(), rewritten.offset() + 1)), "c4");
        assertThat(again.headers()).containsEntry("junction.redrives", "2").containsEntry("junction.attempts", "4")
                .containsEntry("junction.redriven-from", rewritten.where());

        endpoint.clearFaults();
        Run third = redrive("--group", group("ops"));

        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.summary().path("redriven").asLong()).isEqualTo(1);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2", "c4").containsEntry("c4", c4);

        Run fourth = redrive("--group", group("ops"));

        assertThat(fourth.exitCode()).isZero();
        assertThat(fourth.summary().path("read").asLong()).isZero();
        assertThat(fourth.batches()).isEmpty();
        assertThat(endpoint.stats().records()).isEqualTo(4);
        assertThat(endpoint.stats().duplicates()).isZero();
    }

    @Test
    void aDryRunCountsByReasonAndNeitherSendsNorCommits() throws Exception {
        output(version("c1", 1), version("c2", 1));
        deadLetter(version("c1", 1), "HTTP 400: x", Map.of("junction.http-status", "400", "junction.attempts", "1"));
        deadLetter(version("c2", 1), "HTTP 422: y", Map.of("junction.http-status", "422", "junction.attempts", "1"));
        topologyLetter("poison-key", "not json");

        Run dry = redrive("--group", group("dry"), "--dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.summary()).isEqualTo(json("""
                {"dryRun":true,"read":3,"toRedrive":2,"redriven":0,"rejectedAgain":0,"skipped":1,"unsettled":0,
                 "lettersByReason":{"HTTP 400":1,"HTTP 422":1},"rejectedAgainByReason":{},
                 "skippedByReason":{"%s":1}}""".formatted(TOPOLOGY_INPUT)));
        assertThat(dry.batches()).allSatisfy(line -> assertThat(line).contains("would redrive"));
        assertThat(endpoint.stats().requests()).isZero();
        assertThat(committed("dry")).isEmpty();

        Run real = redrive("--group", group("dry"));

        assertThat(real.exitCode()).as(real.err()).isZero();
        assertThat(real.summary().path("redriven").asLong()).isEqualTo(2);
    }

    @Test
    void maxReadsThatManyLettersAndCommitsOnlyThose() throws Exception {
        List<CustomerInventory> versions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            versions.add(version("c" + i, 1));
        }
        output(versions.toArray(CustomerInventory[]::new));
        for (CustomerInventory v : versions) {
            deadLetter(v, "HTTP 400: x", Map.of("junction.http-status", "400"));
        }

        Run two = redrive("--group", group("max"), "--max", "2");

        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.summary().path("read").asLong()).isEqualTo(2);
        assertThat(endpoint.view()).hasSize(2);
        assertThat(committed("max").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);

        Run rest = redrive("--group", group("max"));

        assertThat(rest.summary().path("read").asLong()).isEqualTo(3);
        assertThat(endpoint.view()).hasSize(5);
        assertThat(endpoint.stats().duplicates()).isZero();
    }

    @Test
    void anEndpointThatIsDownStopsRedriveAndLeavesEveryLetterForTheNextRun() throws Exception {
        output(version("c1", 1), version("c2", 1));
        deadLetter(version("c1", 1), "HTTP 503: x", Map.of("junction.http-status", "503"));
        deadLetter(version("c2", 1), "HTTP 503: y", Map.of("junction.http-status", "503"));
        Map<TopicPartition, Long> end = endOffsets();
        String nobodyListens = "http://localhost:" + closedPort() + "/ingest";

        // Retries would go on for a minute: the outage window, not the retry time, ends this run.
        Run down = redrive("--group", group("down"), "--endpoint", nobodyListens, "--sink-outage-window", "1s",
                "--sink-max-retry-time", "60s");

        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.summary().path("unsettled").asLong()).isEqualTo(2);
        assertThat(down.summary().path("redriven").asLong()).isZero();
        assertThat(down.summary().path("stopped").asText()).isEqualTo("the endpoint is down (no answer for 1s)");
        assertThat(down.err()).contains("redrive: the endpoint is down");
        assertThat(lettersFrom(end)).as("nothing written anew").isEmpty();
        assertThat(committed("down").values()).allSatisfy(offset -> assertThat(offset).isZero());

        Run up = redrive("--group", group("down"));

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.summary().path("redriven").asLong()).isEqualTo(2);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static CustomerInventory version(String customerId, long n) {
        InventoryItem item = new InventoryItem("s-" + n, "item " + n, "tools", 1_999L, 3, "wh-1", n);
        return new CustomerInventory("ev-" + customerId + "-" + n, customerId, "name of " + customerId,
                customerId + "@example.com", "gold", "eu-west", item.sku(), n, item, 1_000 + n, false, n);
    }

    private static byte[] body(CustomerInventory value) {
        return Topics.CUSTOMER_INVENTORY.valueSerde().serializer().serialize(outputTopic, value);
    }

    /** Written by KafkaDeadLetters, as the sink writes its letters. */
    private static void deadLetter(CustomerInventory value, String reason, Map<String, String> headers) throws Exception {
        try (KafkaDeadLetters letters = new KafkaDeadLetters(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), dlq)) {
            letters.write(new SinkRecord(value.customerId(), value.eventId(), body(value), value.sourceTimestamp()),
                    reason, headers).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** An input record the topology could not read, with the headers Kafka Streams' DLQ adds. */
    private static void topologyLetter(String key, String value) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("__streams.errors.exception", utf8(SerializationException.class.getName()))
                .add("__streams.errors.message", utf8("not a valid Customer JSON value"))
                .add("__streams.errors.topic", utf8(Topics.CUSTOMERS.name()))
                .add("__streams.errors.partition", utf8("0"))
                .add("__streams.errors.offset", utf8("12"));
        send(new ProducerRecord<>(dlq, null, utf8(key), utf8(value), headers));
    }

    private static void output(CustomerInventory... values) throws Exception {
        for (CustomerInventory value : values) {
            send(new ProducerRecord<>(outputTopic, utf8(value.customerId()), body(value)));
        }
    }

    private static void tombstones(String... customerIds) throws Exception {
        for (String id : customerIds) {
            send(new ProducerRecord<>(outputTopic, utf8(id), null));
        }
    }

    private static void send(ProducerRecord<byte[], byte[]> record) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Run redrive(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("redrive", "--bootstrap-servers", kafka.bootstrapServers(),
                "--sink-linger", "5ms", "--dead-letter-topic", dlq, "--output-topic", outputTopic));
        if (!List.of(options).contains("--endpoint")) {
            args.addAll(List.of("--endpoint", endpoint.uri() + "/ingest"));
        }
        args.addAll(List.of(options));
        Cli.Run run = Cli.execute(new Harness(), args.toArray(String[]::new));
        List<String> lines = run.out().lines().toList();
        // stdout also carries the test logger's lines: the command's own are the batches and the JSON.
        List<String> batches = lines.stream().filter(l -> l.startsWith("batch ")).toList();
        List<String> json = lines.stream().filter(l -> l.startsWith("{\"dryRun\"")).toList();
        assertThat(json).as("one summary line in %s / %s", run.out(), run.err()).hasSize(1);
        return new Run(run.exitCode(), batches, JsonSerde.MAPPER.readTree(json.get(0)), run.err());
    }

    /** A consumer group of the current test's own. */
    private static String group(String name) {
        return prefix + "-" + name;
    }

    private static JsonNode json(String text) throws Exception {
        return JsonSerde.MAPPER.readTree(text);
    }

    private static Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Letter letter : letters()) {
            end.merge(letter.partition(), letter.offset() + 1, Math::max);
        }
        for (int p = 0; p < 3; p++) {
            end.putIfAbsent(new TopicPartition(dlq, p), 0L);
        }
        return end;
    }

    /** The partitions that hold letters, with their end offsets. */
    private static Map<TopicPartition, Long> withLetters(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<Letter> letters() {
        return lettersFrom(Map.of(new TopicPartition(dlq, 0), 0L, new TopicPartition(dlq, 1), 0L,
                new TopicPartition(dlq, 2), 0L));
    }

    private static List<Letter> lettersFrom(Map<TopicPartition, Long> from) {
        List<Letter> letters = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), Map.of(), TIMEOUT)) {
            reader.readFrom(from, record -> letters.add(letter(record)));
        }
        return letters;
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), DeadLetterTopic.header(record.headers(), h.key())));
        return new Letter(new TopicPartition(record.topic(), record.partition()), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(), headers);
    }

    private static Letter only(List<Letter> letters, String key) {
        List<Letter> matching = letters.stream().filter(l -> key.equals(l.key())).toList();
        assertThat(matching).as("letters of %s", key).hasSize(1);
        return matching.get(0);
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group(group))
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
