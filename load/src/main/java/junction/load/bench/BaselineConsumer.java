package junction.load.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The design junction replaces, kept to measure against: one KafkaConsumer reads both input
 * topics, joins them in memory ({@link BaselineJoin}) and POSTs each merged record alone,
 * synchronously, waiting for the endpoint's answer before the next. Naive but correct: on every
 * start it rebuilds its memory from the beginning of the inputs and sends each customer's current
 * state once (the endpoint drops what it already has by event id); it retries a failed POST until
 * it succeeds, and commits offsets only for records delivered, under its group id, so its lag can
 * be measured.
 */
public final class BaselineConsumer {

    private static final Logger log = LoggerFactory.getLogger(BaselineConsumer.class);
    /** The default group id. */
    public static final String GROUP_ID = "junction-baseline";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);

    /**
     * What a run did.
     *
     * @param delivered records the endpoint acknowledged
     * @param skipped input records that could not be read (bad bytes, invalid values, null keys)
     */
    public record Result(long delivered, long skipped, Duration elapsed) {

        /** Delivered records per second of the run. */
        public double perSecond() {
            return elapsed.isZero() ? 0.0 : delivered * 1000.0 / elapsed.toMillis();
        }
    }

    private final String bootstrapServers;
    private final String groupId;
    private final URI ingest;
    private final Topic<String, Customer> customerTopic;
    private final Topic<String, InventoryItem> inventoryTopic;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopped;

    /** Reads the default {@link Topics#CUSTOMERS} and {@link Topics#INVENTORY} as {@link #GROUP_ID}. */
    public BaselineConsumer(String bootstrapServers, String endpointUri) {
        this(bootstrapServers, endpointUri, GROUP_ID, Topics.CUSTOMERS, Topics.INVENTORY);
    }

    /**
     * @param endpointUri the analytics endpoint's base, e.g. {@code http://localhost:8080}
     * @param groupId the group its offsets are committed under, where its lag can be read
     */
    public BaselineConsumer(String bootstrapServers, String endpointUri, String groupId,
            Topic<String, Customer> customerTopic, Topic<String, InventoryItem> inventoryTopic) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.ingest = URI.create(endpointUri + "/ingest");
        this.customerTopic = customerTopic;
        this.inventoryTopic = inventoryTopic;
    }

    /** Records delivered so far, for sampling while {@link #run} goes on in another thread. */
    public long delivered() {
        return delivered.get();
    }

    /** Makes {@link #run} return soon, from any thread. */
    public void stop() {
        stopped = true;
    }

    /** Consumes, joins and delivers until the limit has passed or {@link #stop()} was called. */
    public Result run(Duration limit) {
        long start = System.nanoTime();
        long deliveredBefore = delivered.get();
        Run run = new Run(start + limit.toNanos());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            run.execute(consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Result result = new Result(delivered.get() - deliveredBefore, run.skipped,
                Duration.ofNanos(System.nanoTime() - start));
        log.info("baseline delivered {} records ({} per second), skipped {}", result.delivered(),
                String.format("%.1f", result.perSecond()), result.skipped());
        return result;
    }

    /** One run: its join state, its deadline, what it skipped. */
    private final class Run {

        private final long deadline;
        private final BaselineJoin join = new BaselineJoin();
        private long skipped;

        Run(long deadline) {
            this.deadline = deadline;
        }

        /**
         * First rebuilds the join from everything already in the inputs, silently, and delivers
         * the resulting state of each customer once; then goes on record by record. Replaying
         * the past record by record instead would send older states after newer ones the endpoint
         * already has, and those would win there.
         */
        void execute(KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException {
            List<TopicPartition> partitions = new ArrayList<>(partitionsOf(consumer, customerTopic));
            partitions.addAll(partitionsOf(consumer, inventoryTopic));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
            log.info("baseline rebuilding from {} partitions, delivering to {}", partitions.size(), ingest);
            List<ConsumerRecord<byte[], byte[]>> newer = new ArrayList<>();
            while (!reached(consumer, end)) {
                if (!running(deadline)) {
                    return;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        join(record);
                    } else {
                        newer.add(record);
                    }
                }
            }
            if (!deliverAll(join.snapshot(), deadline)) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> rebuilt = new HashMap<>();
            end.forEach((partition, offset) -> {
                if (offset > 0) {
                    rebuilt.put(partition, new OffsetAndMetadata(offset));
                }
            });
            commit(consumer, rebuilt);
            boolean going = process(consumer, newer);
            while (going && running(deadline)) {
                going = process(consumer, consumer.poll(POLL));
            }
        }

        /** Joins and delivers records in order, then commits those delivered; false if it had to stop. */
        private boolean process(KafkaConsumer<byte[], byte[]> consumer, Iterable<ConsumerRecord<byte[], byte[]>> records)
                throws InterruptedException {
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            boolean complete = true;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (!deliverAll(join(record), deadline)) {
                    complete = false;
                    break;
                }
                done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            commit(consumer, done);
            return complete;
        }

        /** The merged records one input record causes; an unreadable record is skipped and counted. */
        private List<CustomerInventory> join(ConsumerRecord<byte[], byte[]> record) {
            try {
                return apply(join, record);
            } catch (SerializationException e) {
                skipped++;
                return List.of();
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey(), REQUEST_TIMEOUT) >= e.getValue());
    }

    private static void commit(KafkaConsumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets, REQUEST_TIMEOUT);
        }
    }

    private boolean running(long deadline) {
        return !stopped && System.nanoTime() < deadline;
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Aborted transactions never happened, as for the stream app.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
        return consumer.partitionsFor(topic.name(), REQUEST_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** The merged records one input record causes; a record without a key cannot be joined and is unreadable too. */
    private List<CustomerInventory> apply(BaselineJoin join, ConsumerRecord<byte[], byte[]> record) {
        String position = record.topic() + "/" + record.partition() + "/" + record.offset();
        if (record.topic().equals(customerTopic.name())) {
            String id = customerTopic.keySerde().deserializer().deserialize(record.topic(), record.key());
            if (id == null) {
                throw new SerializationException("a customer record without a key");
            }
            Customer customer = customerTopic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            return join.onCustomer(id, customer, record.timestamp(), position);
        }
        String sku = inventoryTopic.keySerde().deserializer().deserialize(record.topic(), record.key());
        if (sku == null) {
            throw new SerializationException("an inventory record without a key");
        }
        InventoryItem item = inventoryTopic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        return join.onItem(sku, item, record.timestamp(), position);
    }

    /** Delivers the records one by one; false if stopped or out of time before all were acknowledged. */
    private boolean deliverAll(List<CustomerInventory> records, long deadline) throws InterruptedException {
        for (CustomerInventory record : records) {
            if (!deliver(record, deadline)) {
                return false;
            }
            delivered.incrementAndGet();
        }
        return true;
    }

    /** One record, one request, one NDJSON line; retried until the endpoint says 2xx. */
    private boolean deliver(CustomerInventory record, long deadline) throws InterruptedException {
        byte[] body = ndjsonLine(record);
        HttpRequest request = HttpRequest.newBuilder(ingest)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        while (running(deadline)) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return true;
                }
                log.warn("endpoint answered {} for {}: {}", response.statusCode(), record.customerId(), response.body());
            } catch (IOException e) {
                log.warn("cannot deliver {}: {}", record.customerId(), e.toString());
            }
            Thread.sleep(RETRY_BACKOFF.toMillis());
        }
        return false;
    }

    private static byte[] ndjsonLine(CustomerInventory record) {
        byte[] json = Topics.CUSTOMER_INVENTORY.valueSerde().serializer().serialize(Topics.CUSTOMER_INVENTORY.name(), record);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
}
