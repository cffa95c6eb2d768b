package junction.sink;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dead letters as Kafka records: key = the record's key, value = its body, and the reason, event id
 * and stage in headers, with what the delivery saw (status, attempts, response body) when it got an
 * answer. The producer waits for all in-sync replicas and is idempotent, so an acknowledged dead
 * letter is durable and a retried send is not duplicated.
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    public static final String DEFAULT_TOPIC = "junction-dlq";
    /**
     * Why the record was dead-lettered, one word of a fixed vocabulary shared with the
     * {@code reason} tag of {@code junction_dead_letters_total} (the sink's: rejected_by_endpoint,
     * retries_exhausted; the topology's: malformed, oversized, ...).
     */
    public static final String REASON_HEADER = "junction.reason";
    /** The reason in words, with the numbers: "HTTP 400: ...", "retries exhausted after 7 attempts ...". */
    public static final String DETAIL_HEADER = "junction.detail";
    public static final String EVENT_ID_HEADER = "junction.event-id";
    public static final String STAGE_HEADER = "junction.stage";
    /** The HTTP status of the last answer; absent when none came (connection errors, timeouts). */
    public static final String STATUS_HEADER = "junction.http-status";
    /** How many times the record was sent before it was given up (by redrive: in all deliveries so far). */
    public static final String ATTEMPTS_HEADER = "junction.attempts";
    /** The first bytes of the last answer's body, credentials masked. */
    public static final String RESPONSE_BODY_HEADER = "junction.response-body";
    /** The value of {@link #STAGE_HEADER} on the sink's letters. */
    public static final String SINK_STAGE = "sink";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    /** Writes to {@value #DEFAULT_TOPIC}; {@code producerConfig} needs at least bootstrap.servers. */
    public KafkaDeadLetters(Map<String, Object> producerConfig) {
        this(producerConfig, DEFAULT_TOPIC);
    }

    public KafkaDeadLetters(Map<String, Object> producerConfig, String topic) {
        this(new KafkaProducer<>(durable(producerConfig)), topic);
    }

    KafkaDeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    private static Map<String, Object> durable(Map<String, Object> producerConfig) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    @Override
    public CompletableFuture<Void> write(SinkRecord record, String reason, Map<String, String> headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, value) -> kafkaHeaders.add(name, utf8(value)));
        kafkaHeaders.add(REASON_HEADER, utf8(reason));
        kafkaHeaders.add(EVENT_ID_HEADER, utf8(record.eventId()));
        kafkaHeaders.add(STAGE_HEADER, utf8(SINK_STAGE));
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(topic, null, utf8(record.key()), record.body(), kafkaHeaders);
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(letter, (metadata, error) -> {
                if (error == null) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
