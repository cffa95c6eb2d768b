package junction.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import junction.topology.ClientProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes changes to the customers and inventory topics, values through the model serdes. Every
 * send carries a callback that counts the record as acked or failed, so a run knows exactly what
 * reached the broker; the first failures are logged with their topic and partition.
 */
public final class InputProducer implements AutoCloseable {

    /** How long a record waits for others to share its request (see {@link #producerProperties}). */
    public static final Duration LINGER = Duration.ofMillis(1);

    private static final Logger log = LoggerFactory.getLogger(InputProducer.class);
    private static final int LOGGED_FAILURES = 10;
    /** Long enough for in-flight batches to finish on a live broker, short enough not to hang on a dead one. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String customersTopic;
    private final String inventoryTopic;
    private final LongAdder acked = new LongAdder();
    private final LongAdder failedRetriable = new LongAdder();
    private final LongAdder failedFatal = new LongAdder();
    private final AtomicInteger failuresLogged = new AtomicInteger();

    /** Writes to the default topic names. */
    public InputProducer(Producer<byte[], byte[]> producer) {
        this(producer, InputTopic.CUSTOMERS.defaultName(), InputTopic.INVENTORY.defaultName());
    }

    public InputProducer(Producer<byte[], byte[]> producer, String customersTopic, String inventoryTopic) {
        this.producer = producer;
        this.customersTopic = customersTopic;
        this.inventoryTopic = inventoryTopic;
    }

    /** An InputProducer on a new KafkaProducer with {@link #producerProperties(String)}. */
    public static InputProducer connect(String bootstrap, String customersTopic, String inventoryTopic) {
        return new InputProducer(new KafkaProducer<>(producerProperties(bootstrap)), customersTopic, inventoryTopic);
    }

    /**
     * The same, with the {@code --kafka} properties a producer knows laid over the defaults (a
     * secured cluster's {@code security.protocol}, say).
     */
    public static InputProducer connect(String bootstrap, Map<String, String> kafka, String customersTopic,
            String inventoryTopic) {
        Properties props = producerProperties(bootstrap);
        props.putAll(ClientProperties.of(kafka, ProducerConfig.configNames()));
        return new InputProducer(new KafkaProducer<>(props), customersTopic, inventoryTopic);
    }

    public static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The broker drops a batch it already has when a retry repeats it: retries add no duplicates.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A record counts as acked only once every in-sync replica has it: an ack is never lost
        // with a leader. Idempotence requires it anyway; said here so nobody lowers it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // JSON compresses well and lz4 costs little CPU: fewer bytes per batch on a CPU-bound host.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Batches of up to 256 KiB give about 2-3x the rate of the defaults here (FACTS.md). At a
        // preload's rate they fill while the previous request is out, linger or not; at a steady
        // rate the linger is latency every record carries from its timestamp on (half the linger on
        // average), so it is 1 ms.
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER.toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Keys and values are serialized here with the model serdes, once, so the producer only moves bytes.
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    public String topicName(InputTopic topic) {
        return topic == InputTopic.CUSTOMERS ? customersTopic : inventoryTopic;
    }

    /** Sends the change keyed by its id; a tombstone is sent with a null value. */
    public void send(Change change) {
        String topic = topicName(change.topic());
        send(new ProducerRecord<>(topic, change.topic().serializeKey(topic, change.key()),
                change.serializedValue(topic)));
    }

    /**
     * Sends the change with this record timestamp (epoch milliseconds): the time the change was
     * meant to happen, so a send that fell behind schedule shows as latency downstream.
     */
    public void send(Change change, long timestampMs) {
        String topic = topicName(change.topic());
        send(new ProducerRecord<>(topic, null, timestampMs, change.topic().serializeKey(topic, change.key()),
                change.serializedValue(topic)));
    }

    /** Sends an already serialized record (imported lines, dead letters), counted like the others. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, error) -> count(record.topic(), metadata, error));
    }

    /** Blocks until every record sent so far is acked or failed. */
    public void flush() {
        producer.flush();
    }

    public long acked() {
        return acked.sum();
    }

    /** Records the broker did not take, for any reason. */
    public long failed() {
        return failedRetriable.sum() + failedFatal.sum();
    }

    /**
     * Failures of a retriable kind (broker unreachable, leader moving): the producer retried until
     * delivery.timeout.ms, so sending the same record again later may succeed. The rest are fatal
     * for the record (too large, not authorized) or the producer (fenced, out of sequence).
     */
    public long failedRetriable() {
        return failedRetriable.sum();
    }

    private void count(String topic, RecordMetadata metadata, Exception error) {
        if (error == null) {
            acked.increment();
            return;
        }
        boolean retriable = error instanceof RetriableException;
        (retriable ? failedRetriable : failedFatal).increment();
        if (failuresLogged.getAndIncrement() < LOGGED_FAILURES) {
            // The partition is -1 (or metadata absent) when the record failed before one was chosen.
            int partition = metadata == null ? -1 : metadata.partition();
            log.warn("send to {}-{} failed ({}): {}", topic, partition, retriable ? "retriable, gave up" : "fatal",
                    error.toString());
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
        if (failed() > 0) {
            log.warn("closed after {} acked and {} failed sends ({} retriable)", acked(), failed(), failedRetriable());
        }
    }
}
