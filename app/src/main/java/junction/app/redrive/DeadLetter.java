package junction.app.redrive;

import java.nio.charset.StandardCharsets;
import junction.app.topics.DeadLetterTopic;
import junction.model.CustomerInventory;
import junction.model.Topics;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * One record of the dead-letter topic as redrive sees it: where it sits, which stage wrote it and
 * why, and for the sink's letters what a new delivery needs (key, event id, body) and how often the
 * record was tried before.
 *
 * @param status the HTTP status of the last answer, null when none came
 * @param attempts HTTP attempts so far (0 when the letter does not say)
 * @param redrives how many redrives this record went through already
 */
record DeadLetter(TopicPartition partition, long offset, String stage, String reason, String key, String eventId,
        byte[] body, String status, int attempts, int redrives) {

    /** The header redrive adds to a letter it writes anew: the redrives so far, this one included. */
    static final String REDRIVES_HEADER = "junction.redrives";
    /** The header redrive adds to a letter it writes anew: topic/partition/offset of the letter it replaces. */
    static final String REDRIVEN_FROM_HEADER = "junction.redriven-from";

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        return new DeadLetter(new TopicPartition(record.topic(), record.partition()), record.offset(),
                DeadLetterTopic.stage(headers), DeadLetterTopic.reason(headers),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                DeadLetterTopic.header(headers, KafkaDeadLetters.EVENT_ID_HEADER),
                record.value(),
                DeadLetterTopic.header(headers, KafkaDeadLetters.STATUS_HEADER),
                count(DeadLetterTopic.header(headers, KafkaDeadLetters.ATTEMPTS_HEADER)),
                count(DeadLetterTopic.header(headers, REDRIVES_HEADER)));
    }

    private static int count(String header) {
        try {
            return header == null ? 0 : Math.max(0, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Why redrive must leave this letter alone, as a label with few values (it keys the summary's
     * counts); null for a sink letter it can send. Only the sink's letters hold a record the
     * endpoint was meant to get: the topology's and the import's hold input that could not be read.
     */
    String notSendable() {
        return switch (stage) {
            case KafkaDeadLetters.SINK_STAGE -> key == null || eventId == null || body == null
                    ? "sink: letter without key, event id or body" : null;
            case DeadLetterTopic.TOPOLOGY_STAGE -> "topology: unreadable input (" + reason + ")";
            case DeadLetterTopic.UNKNOWN_STAGE -> "unknown: letter without a stage";
            default -> stage + ": unreadable input";
        };
    }

    /** Why the endpoint did not take this record last time, as a label with few values. */
    String category() {
        return category(status);
    }

    /** "HTTP 400" for an answer, "no answer" for connection errors and timeouts. */
    static String category(String status) {
        return status == null ? "no answer" : "HTTP " + status;
    }

    /** Whether the body is a customer's deletion; false when it cannot be read. */
    boolean deletion() {
        try {
            CustomerInventory record = Topics.CUSTOMER_INVENTORY.valueSerde().deserializer()
                    .deserialize(partition.topic(), body);
            return record != null && record.deleted();
        } catch (SerializationException e) {
            return false;
        }
    }

    /** The record to deliver again: same key (lane), event id (the endpoint's de-duplication) and body. */
    SinkRecord toSinkRecord() {
        // No source timestamp: the time since the original input would make the end-to-end
        // latency of a redrive meaningless, and the sink records none for 0.
        return new SinkRecord(key, eventId, body, 0L);
    }

    /** topic/partition/offset, the letter's address. */
    String where() {
        return partition.topic() + "/" + partition.partition() + "/" + offset;
    }
}
