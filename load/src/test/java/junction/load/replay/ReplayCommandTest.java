package junction.load.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import junction.cli.CommandLines;
import junction.load.EmbeddedKafka;
import junction.load.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(SharedKafka.class)
class ReplayCommandTest {

    private static final long BASE = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    /** Prefix of this class's topics on the JVM's shared broker. */
    private static final String PREFIX = SharedKafka.uniqueName("replay");
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void broker(EmbeddedKafka shared) {
        kafka = shared;
    }

    /** This class's topic {@code name}. */
    private static String topic(String name) {
        return PREFIX + "-" + name;
    }

    /** What a copy must keep of a record. */
    record Content(String topic, String key, String value, List<String> headers, long timestamp) {

        static Content of(ConsumerRecord<byte[], byte[]> r) {
            return new Content(r.topic(), text(r.key()), text(r.value()), headers(r.headers().toArray()), r.timestamp());
        }

        static Content of(ProducerRecord<byte[], byte[]> r) {
            return new Content(r.topic(), text(r.key()), text(r.value()), headers(r.headers().toArray()), r.timestamp());
        }

        Content in(String otherTopic) {
            return new Content(otherTopic, key, value, headers, timestamp);
        }

        Content shiftedBy(long millis) {
            return new Content(topic, key, value, headers, timestamp + millis);
        }

        private static String text(byte[] bytes) {
            return bytes == null ? null : new String(bytes, UTF_8);
        }

        private static List<String> headers(Header[] headers) {
            return Arrays.stream(headers).map(h -> h.key() + "=" + text(h.value())).toList();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, long timestamp, String key, String value) {
        List<Header> headers = List.of(new RecordHeader("source", "test".getBytes(UTF_8)),
                new RecordHeader("key-copy", key.getBytes(UTF_8)));
        return new ProducerRecord<>(topic, partition, timestamp, key.getBytes(UTF_8),
                value == null ? null : value.getBytes(UTF_8), headers);
    }

    /** {@code count} records alternating over {@code partitions}, one every {@code gapMillis} from {@code first}. */
    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int partitions, int count, long first, long gapMillis) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Every fifth record is a tombstone: a null value must be copied as null.
            records.add(record(topic, i % partitions, first + i * gapMillis, "k" + i, i % 5 == 4 ? null : "{\"n\":" + i + "}"));
        }
        return records;
    }

    private static int replay(String... args) {
        String[] all = Stream.concat(Stream.of("--bootstrap-servers", kafka.bootstrapServers()), Stream.of(args))
                .toArray(String[]::new);
        return CommandLines.execute(new ReplayCommand(), all);
    }

    private static List<Content> contents(String topic) {
        return TestTopics.readAll(kafka.bootstrapServers(), topic).stream().map(Content::of).toList();
    }

    @Test
    void fromAnOffsetCopiesKeysValuesHeadersAndTimestampsOfEveryPartition() throws Exception {
        kafka.createTopics(2, topic("offset-source"), topic("offset-target"));
        List<ProducerRecord<byte[], byte[]>> sent = records(topic("offset-source"), 2, 10, BASE, 10);
        TestTopics.produce(kafka.bootstrapServers(), sent);

        assertThat(replay("--from", topic("offset-source"), "--to", topic("offset-target"), "--start", "offset:3")).isZero();

        // Records alternate over two partitions, so offsets 3 and 4 of each are records 6..9.
        List<Content> expected = sent.subList(6, 10).stream().map(r -> Content.of(r).in(topic("offset-target"))).toList();
        assertThat(contents(topic("offset-target"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void fromATimeCopiesTheRecordsAtOrAfterIt() throws Exception {
        kafka.createTopics(3, topic("time-source"), topic("time-target"), topic("ago-target"));
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>(records(topic("time-source"), 3, 6, BASE, 1000));
        sent.add(record(topic("time-source"), 0, now - Duration.ofMinutes(30).toMillis(), "old", "{}"));
        sent.add(record(topic("time-source"), 1, now - Duration.ofMinutes(2).toMillis(), "recent", "{}"));
        TestTopics.produce(kafka.bootstrapServers(), sent);

        assertThat(replay("--from", topic("time-source"), "--to", topic("time-target"), "--start",
                "time:" + Instant.ofEpochMilli(BASE + 3000))).isZero();
        assertThat(replay("--from", topic("time-source"), "--to", topic("ago-target"), "--start", "time:-10m")).isZero();

        assertThat(contents(topic("time-target"))).containsExactlyInAnyOrderElementsOf(
                sent.subList(3, 8).stream().map(r -> Content.of(r).in(topic("time-target"))).toList());
        assertThat(contents(topic("ago-target"))).containsExactly(Content.of(sent.get(7)).in(topic("ago-target")));
    }

    @Test
    void intoInputsWritesEachRecordBackToTheTopicItCameFrom() throws Exception {
        kafka.createTopics(2, topic("back-customers"), topic("back-inventory"));
        List<ProducerRecord<byte[], byte[]>> customers = records(topic("back-customers"), 2, 6, BASE, 10);
        List<ProducerRecord<byte[], byte[]>> inventory = records(topic("back-inventory"), 2, 4, BASE + 5, 10);
        TestTopics.produce(kafka.bootstrapServers(), customers);
        TestTopics.produce(kafka.bootstrapServers(), inventory);

        assertThat(replay("--from", topic("back-customers") + "," + topic("back-inventory"), "--into-inputs")).isZero();

        // Each topic holds its records twice: the originals and their copies, nothing of the other topic.
        assertThat(contents(topic("back-customers"))).containsExactlyInAnyOrderElementsOf(twice(customers));
        assertThat(contents(topic("back-inventory"))).containsExactlyInAnyOrderElementsOf(twice(inventory));
    }

    private static List<Content> twice(List<ProducerRecord<byte[], byte[]>> records) {
        return Stream.concat(records.stream(), records.stream()).map(Content::of).toList();
    }

    @Test
    void shiftTimestampsMovesTheFirstRecordToNowAndKeepsTheGaps() throws Exception {
        kafka.createTopics(2, topic("shift-source"), topic("shift-target"));
        List<ProducerRecord<byte[], byte[]>> sent = records(topic("shift-source"), 2, 6, BASE, 250);
        TestTopics.produce(kafka.bootstrapServers(), sent);

        long before = System.currentTimeMillis();
        assertThat(replay("--from", topic("shift-source"), "--to", topic("shift-target"), "--shift-timestamps")).isZero();
        long after = System.currentTimeMillis();

        List<Content> copies = contents(topic("shift-target"));
        long first = copies.stream().mapToLong(Content::timestamp).min().orElseThrow();
        assertThat(first).isBetween(before, after);
        assertThat(copies).containsExactlyInAnyOrderElementsOf(
                sent.stream().map(r -> Content.of(r).in(topic("shift-target")).shiftedBy(first - BASE)).toList());
    }

    @Test
    void originalPaceTakesAtLeastTheRecordedSpanAndMergesPartitionsInTimestampOrder() throws Exception {
        kafka.createTopics(3, topic("paced-source"));
        kafka.createTopics(1, topic("paced-target"));
        // 7 records 250 ms apart over 3 partitions: 1.5 s from first to last.
        List<ProducerRecord<byte[], byte[]>> sent = records(topic("paced-source"), 3, 7, BASE, 250);
        TestTopics.produce(kafka.bootstrapServers(), sent);

        long started = System.nanoTime();
        assertThat(replay("--from", topic("paced-source"), "--to", topic("paced-target"), "--speed", "original")).isZero();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        // One target partition keeps the order the records were sent in: timestamp order across sources.
        assertThat(contents(topic("paced-target"))).containsExactlyElementsOf(sent.stream()
                .sorted(Comparator.comparingLong(ProducerRecord::timestamp))
                .map(r -> Content.of(r).in(topic("paced-target"))).toList());
    }

    @Test
    void maxSpeedDoesNotWaitForTheRecordedGaps() throws Exception {
        kafka.createTopics(2, topic("max-source"), topic("max-target"));
        // An hour between first and last record.
        List<ProducerRecord<byte[], byte[]>> sent = records(topic("max-source"), 2, 5, BASE, Duration.ofMinutes(15).toMillis());
        TestTopics.produce(kafka.bootstrapServers(), sent);

        long started = System.nanoTime();
        assertThat(replay("--from", topic("max-source"), "--to", topic("max-target"), "--speed", "max")).isZero();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(contents(topic("max-target"))).hasSize(5);
    }

    @Test
    void recordsTheTargetRefusesMakeTheExitCodeOne() throws Exception {
        kafka.createTopics(1, topic("big-source"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic("small-target"), 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1024"))))
                    .all().get(TestTopics.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        // Random bytes do not compress: each record stays far above the target's 1 KiB limit.
        byte[] big = new byte[16 * 1024];
        new Random(1).nextBytes(big);
        TestTopics.produce(kafka.bootstrapServers(), List.of(
                new ProducerRecord<>(topic("big-source"), "k1".getBytes(UTF_8), big),
                new ProducerRecord<>(topic("big-source"), "k2".getBytes(UTF_8), big)));

        assertThat(replay("--from", topic("big-source"), "--to", topic("small-target"))).isEqualTo(1);
        assertThat(TestTopics.count(kafka.bootstrapServers(), topic("small-target"))).isZero();
    }

    @Test
    void aMissingTopicIsAUsageErrorBeforeAnythingIsCopied() {
        kafka.createTopics(1, topic("lonely-source"));

        assertThat(replay("--from", topic("lonely-source"), "--to", "no-such-topic")).isEqualTo(CommandLines.USAGE);
        assertThat(replay("--from", "no-such-source", "--to", topic("lonely-source"))).isEqualTo(CommandLines.USAGE);
        assertThat(TestTopics.count(kafka.bootstrapServers(), topic("lonely-source"))).isZero();
    }
}
