package junction.app.redrive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import junction.app.topics.DeadLetterTopic;
import junction.app.topics.TopicReader;
import junction.cli.CommandLines.UserError;
import junction.cli.Durations;
import junction.cli.SinkOptions;
import junction.sink.AnalyticsSink;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkConfig;
import junction.sink.SinkState;
import junction.topology.ClientProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sink's dead letters back to the analytics endpoint, through the sink itself
 * ({@link AnalyticsSink}: the same client, auth, TLS, batching, retries, bisection, and
 * {@code Idempotency-Key} and {@code eventId}, so the endpoint drops what it already has).
 *
 * <p>A consumer group reads the dead-letter topic from its committed offsets up to the end offsets
 * seen at start: letters written during the run, its own rewrites among them, wait for the next
 * run. Each poll is a round. Its letters are sorted: the sink's go to the sink, unless a newer
 * version of the customer is known ({@link LatestVersions}); the topology's and the import's hold
 * input that could not be read, which the endpoint was never meant to get, and are skipped (they
 * stay on the topic). A letter the endpoint refuses again is written anew to the dead-letter topic
 * before the sink settles it ({@link RedriveDeadLetters}). The round's offsets are committed once
 * its letters are settled, and only up to the first unsettled one ({@link Round}): nothing that was
 * not delivered is ever passed without a copy on the topic.
 *
 * <p>Redrive stops early, committing what is settled, when the endpoint is down (no answer for
 * the sink's outage window), when a round does not settle in time, or on a signal. A dry run
 * assigns the partitions instead of joining the group, sends nothing and commits nothing.
 */
public final class Redrive {

    public static final String DEFAULT_GROUP = "junction-redrive";
    static final String SUPERSEDED = "sink: superseded by a newer version";

    private static final Logger log = LoggerFactory.getLogger(Redrive.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** Reading the whole output topic of a large cluster takes a while. */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long a stopping redrive lets requests in flight finish before it gives them up. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** Letters per round unless {@code --kafka max.poll.records} says otherwise. */
    private static final int ROUND_RECORDS = 1000;
    /** For the dead-letter writes of a round, on top of the sink's settle timeout. */
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(30);

    /**
     * @param max letters to read at most, {@link Long#MAX_VALUE} for all
     * @param sink the delivery settings (a dry run uses only its timeouts)
     */
    public record Settings(String bootstrapServers, Map<String, String> kafka, String group, boolean dryRun,
            long max, boolean sendSuperseded, SinkConfig sink, String deadLetterTopic, String outputTopic) {
    }

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean stopRequested;
    private volatile boolean joined;
    private int rounds;

    /** Prints a line per round to {@code out}, notes to {@code err}. */
    public Redrive(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Asks a running redrive to stop after committing what is settled; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Runs to the end offsets seen at start, or {@code max} letters, or an early stop.
     *
     * @throws UserError for a bad setting or a missing topic
     * @throws KafkaException when Kafka cannot be reached
     */
    public RedriveSummary run() {
        RedriveSummary.Tally tally = new RedriveSummary.Tally(settings.dryRun());
        try (Delivery delivery = settings.dryRun() ? null : Delivery.open(settings);
             KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, settings.deadLetterTopic());
            // Assigned for the look-ups only (under read_committed the consumer warns about partitions
            // it does not hold); the group is joined later.
            consumer.assign(partitions);
            Map<TopicPartition, Long> stopLine = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions);
            long backlog = partitions.stream().mapToLong(p -> Math.max(0, stopLine.get(p) - start.get(p))).sum();
            err.println("redrive: " + settings.deadLetterTopic() + " holds " + backlog + (backlog == 1 ? " letter" : " letters")
                    + " past the offsets of group " + settings.group()
                    + (settings.max() < backlog ? ", reading " + settings.max() : "")
                    + (settings.dryRun() ? "; dry run: nothing is sent or committed"
                            : "; sending to " + SinkOptions.describe(settings.sink())));
            err.flush();
            if (backlog > 0) {
                LatestVersions latest = settings.sendSuperseded() ? LatestVersions.NONE
                        : latestVersions(consumer, start, stopLine);
                drive(consumer, delivery, start, stopLine, latest, tally);
            }
            Boolean verified = settings.dryRun() ? null : readBack(stopLine, tally.rewritten());
            return tally.summary(verified);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = clientConfig(settings, ConsumerConfig.configNames());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        // Offsets move only past settled letters, committed by hand.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A group that never committed starts at the oldest letter, as does one whose offset retention passed.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ROUND_RECORDS);
        // A round is waited for between two polls: the group must not think this member dead meanwhile.
        long roundMillis = settings.sink().settleTimeout().plus(SETTLE_MARGIN).plus(STOP_WAIT).toMillis();
        config.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(Math.max(300_000, roundMillis + 60_000)));
        try {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (ConfigException e) {
            throw new UserError(kafkaSettingsProblem(e));
        }
    }

    /** --bootstrap-servers and the --kafka properties a client of these {@code names} knows. */
    private static Map<String, Object> clientConfig(Settings settings, Set<String> names) {
        Map<String, Object> config = ClientProperties.of(settings.kafka(), names);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    static String kafkaSettingsProblem(ConfigException e) {
        return "--kafka / --bootstrap-servers: " + e.getMessage();
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new UserError("topic " + topic + " does not exist on " + settings.bootstrapServers()
                    + " (create junction's topics with ./junction topics create)");
        }
        return partitions;
    }

    /** The group's committed offsets, or where a partition begins if it has none or retention passed it. */
    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), KAFKA_TIMEOUT);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, Long> start = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long first = beginning.get(partition);
            start.put(partition, offset == null ? first : Math.max(first, offset.offset()));
        }
        return start;
    }

    /**
     * The output topic's latest version of every customer with a sink letter in the range: a first
     * pass over the range collects the customers, so only they are kept from the output topic.
     */
    private LatestVersions latestVersions(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> stopLine) {
        if (consumer.partitionsFor(settings.outputTopic(), KAFKA_TIMEOUT).isEmpty()) {
            throw new UserError("topic " + settings.outputTopic() + " does not exist on " + settings.bootstrapServers()
                    + ": redrive reads it to skip letters a newer version replaced (or pass --send-superseded)");
        }
        try (TopicReader reader = new TopicReader(settings.bootstrapServers(), consumerProperties(), SCAN_TIMEOUT)) {
            Set<String> customers = new HashSet<>();
            reader.readRange(start, stopLine, record -> {
                DeadLetter letter = DeadLetter.of(record);
                if (letter.notSendable() == null) {
                    customers.add(letter.key());
                }
            });
            if (customers.isEmpty()) {
                return LatestVersions.NONE;
            }
            LatestVersions latest = LatestVersions.read(reader, settings.outputTopic(), customers);
            log.info("latest versions of {} of {} dead-lettered customers found on {}", latest.size(), customers.size(),
                    settings.outputTopic());
            return latest;
        }
    }

    private Map<String, Object> consumerProperties() {
        return ClientProperties.of(settings.kafka(), ConsumerConfig.configNames());
    }

    private void drive(KafkaConsumer<byte[], byte[]> consumer, Delivery delivery, Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> stopLine, LatestVersions latest, RedriveSummary.Tally tally) {
        if (settings.dryRun()) {
            List<TopicPartition> behind = start.keySet().stream().filter(p -> start.get(p) < stopLine.get(p)).toList();
            consumer.assign(behind);
            behind.forEach(partition -> consumer.seek(partition, start.get(partition)));
        } else {
            consumer.unsubscribe();
            consumer.subscribe(List.of(settings.deadLetterTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    // Nothing to hand over: a round is settled and committed before the next poll.
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    joined = true;
                }
            });
        }
        while (tally.read() < settings.max()) {
            if (stopRequested) {
                tally.stopped("stopped by a signal");
                return;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            long room = settings.max() - tally.read();
            Round round = new Round();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Long line = stopLine.get(new TopicPartition(record.topic(), record.partition()));
                if (line == null || record.offset() >= line) {
                    continue;
                }
                if (round.size() >= room) {
                    break;
                }
                round.add(DeadLetter.of(record));
            }
            if (!round.isEmpty() && !process(consumer, delivery, latest, round, tally)) {
                return;
            }
            if (finished(consumer, stopLine, tally)) {
                return;
            }
        }
    }

    /** Whether every partition this member holds is read to its stop line; those that are, are paused. */
    private boolean finished(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> stopLine,
            RedriveSummary.Tally tally) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            if (joined) {
                tally.stopped("group " + settings.group() + " gave this run no partition: is another redrive running?");
            }
            return joined;
        }
        List<TopicPartition> done = assigned.stream()
                .filter(p -> consumer.position(p, KAFKA_TIMEOUT) >= stopLine.getOrDefault(p, 0L))
                .toList();
        // Paused, they fetch nothing more: what lies past the stop line is for the next run.
        consumer.pause(done);
        return done.size() == assigned.size();
    }

    /** Sorts, sends and commits one round; false when redrive must stop. */
    private boolean process(KafkaConsumer<byte[], byte[]> consumer, Delivery delivery, LatestVersions latest,
            Round round, RedriveSummary.Tally tally) {
        rounds++;
        for (Round.Entry entry : round.entries()) {
            String skip = entry.letter().notSendable();
            if (skip == null && latest.supersedes(entry.letter())) {
                skip = SUPERSEDED;
            }
            if (skip != null) {
                entry.skip(skip);
            }
        }
        if (settings.dryRun()) {
            tally.add(round);
            line("batch " + rounds + ": read " + round.size() + ", would redrive " + round.count(Round.Fate.TO_SEND)
                    + ", would skip " + round.count(Round.Fate.SKIPPED));
            return true;
        }
        String stopped = deliver(delivery, round);
        if (stopped != null) {
            // Requests still in flight get a moment; what they settle after it is read again next time.
            delivery.sink.close(STOP_WAIT);
        }
        String notCommitted = commit(consumer, round.committable());
        tally.add(round);
        long unsettled = round.count(Round.Fate.TO_SEND);
        line("batch " + rounds + ": read " + round.size() + ", redriven " + round.count(Round.Fate.DELIVERED)
                + ", rejected again " + round.count(Round.Fate.REJECTED_AGAIN)
                + ", skipped " + round.count(Round.Fate.SKIPPED)
                + (unsettled > 0 ? ", " + unsettled + " left for the next run" : "")
                + (notCommitted == null ? "; committed" : "; not committed"));
        if (stopped != null) {
            tally.stopped(stopped);
        }
        if (notCommitted != null) {
            tally.stopped(notCommitted);
        }
        return stopped == null && notCommitted == null;
    }

    /** Hands the round's letters to the sink and waits until they are settled; the reason to stop, or null. */
    private String deliver(Delivery delivery, Round round) {
        List<Round.Entry> toSend = round.toSend();
        CountDownLatch settled = new CountDownLatch(toSend.size());
        for (Round.Entry entry : toSend) {
            delivery.letters.sending(entry);
            try {
                delivery.sink.submit(entry.record(), () -> {
                    entry.settled();
                    delivery.letters.settled(entry);
                    settled.countDown();
                });
            } catch (RejectedExecutionException e) {
                delivery.letters.settled(entry);
                return "the sink took no more letters: " + e.getMessage();
            }
        }
        Duration limit = settings.sink().settleTimeout().plus(SETTLE_MARGIN);
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!settled.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopRequested) {
                    return "stopped by a signal";
                }
                if (delivery.sink.state() == SinkState.PAUSED) {
                    return "the endpoint is down (no answer for " + Durations.format(settings.sink().outageWindow()) + ")";
                }
                if (System.nanoTime() - deadline > 0) {
                    return "letters not settled within " + Durations.format(limit) + " (can " + settings.deadLetterTopic()
                            + " be written?)";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    /** Commits the offsets; the problem when it could not, or null. */
    private static String commit(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return null;
        }
        try {
            consumer.commitSync(offsets, KAFKA_TIMEOUT);
            return null;
        } catch (KafkaException e) {
            return "offsets not committed (" + e.getMessage() + "): the last batch is read again next time,"
                    + " and the endpoint drops what it already has";
        }
    }

    /**
     * Reads the dead-letter topic past the stop line and checks that every letter rejected again
     * is there anew: the run lost nothing it could not deliver.
     */
    private Boolean readBack(Map<TopicPartition, Long> stopLine, List<String> rewritten) {
        if (rewritten.isEmpty()) {
            return true;
        }
        Set<String> found = new HashSet<>();
        try (TopicReader reader = new TopicReader(settings.bootstrapServers(), consumerProperties(), KAFKA_TIMEOUT)) {
            reader.readFrom(stopLine, record -> {
                String from = DeadLetterTopic.header(record.headers(), DeadLetter.REDRIVEN_FROM_HEADER);
                if (from != null) {
                    found.add(from);
                }
            });
        } catch (KafkaException e) {
            err.println("redrive: could not read the rewritten letters back: " + e.getMessage());
            err.flush();
            return false;
        }
        List<String> missing = rewritten.stream().filter(where -> !found.contains(where)).toList();
        if (!missing.isEmpty()) {
            err.println("redrive: rewritten letters not found on " + settings.deadLetterTopic() + ": " + missing);
            err.flush();
        }
        return missing.isEmpty();
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    /** The sink and its dead letters, open for one run. */
    private static final class Delivery implements AutoCloseable {
        final RedriveDeadLetters letters;
        final AnalyticsSink sink;

        private Delivery(RedriveDeadLetters letters, AnalyticsSink sink) {
            this.letters = letters;
            this.sink = sink;
        }

        /** Reads the auth secret and the TLS files: a missing one is a UserError naming the option. */
        static Delivery open(Settings settings) {
            RedriveDeadLetters letters;
            try {
                letters = new RedriveDeadLetters(new KafkaDeadLetters(
                        clientConfig(settings, ProducerConfig.configNames()), settings.deadLetterTopic()));
            } catch (ConfigException e) {
                throw new UserError(kafkaSettingsProblem(e));
            }
            try {
                // A registry of its own: redrive's requests are not the stream app's.
                return new Delivery(letters, new AnalyticsSink(settings.sink(), letters, new SimpleMeterRegistry()));
            } catch (IllegalArgumentException e) {
                letters.close();
                throw new UserError(SinkOptions.asOption(e.getMessage()));
            }
        }

        @Override
        public void close() {
            try {
                sink.close();
            } finally {
                letters.close();
            }
        }
    }
}
