package junction.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import junction.model.BadRecordException.Reason;
import junction.model.BadRecordException;
import junction.sink.KafkaDeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;

/**
 * What both exception handlers do with a record they refuse: one log line, the dead letters Kafka
 * Streams built (the source record as read, with its {@code __streams.errors.*} headers: exception
 * class, message, stack trace, source topic, partition, offset) labelled with junction's own
 * {@code junction.stage=topology} and {@code junction.reason=<reason tag>} headers, and a count.
 *
 * <p>An oversized record's letter keeps its key and headers but not its value: a copy of a value
 * too large for the pipeline could be too large for the dead-letter topic too, and a dead letter
 * that cannot be written stops the app. The headers say where the original is.
 */
final class RefusedRecords {

    static final String STAGE = "topology";

    private final TopologyDeadLetters counters;

    RefusedRecords(Map<String, ?> configs) {
        this.counters = TopologyDeadLetters.in(configs);
    }

    /** The reason of an exception a source deserializer threw; anything not junction's is unreadable bytes. */
    static Reason reasonOf(Exception exception) {
        return exception instanceof BadRecordException bad ? bad.reason() : Reason.MALFORMED;
    }

    void log(Logger log, ErrorHandlerContext context, Reason reason, Exception exception) {
        if (exception instanceof BadRecordException) {
            // The dead letter carries the stack trace; the log needs only what and where.
            log.warn("refused a record of {}-{} at offset {} ({}): {}; written to the dead-letter topic",
                    context.topic(), context.partition(), context.offset(), reason.tag(), exception.getMessage());
        } else {
            log.warn("refused a record of {}-{} at offset {} ({}); written to the dead-letter topic",
                    context.topic(), context.partition(), context.offset(), reason.tag(), exception);
        }
    }

    /** The letters, labelled and counted. */
    List<ProducerRecord<byte[], byte[]>> letters(List<ProducerRecord<byte[], byte[]>> built, Reason reason) {
        List<ProducerRecord<byte[], byte[]>> letters = built.stream().map(letter -> label(letter, reason)).toList();
        if (counters != null && !letters.isEmpty()) {
            counters.count(reason);
        }
        return letters;
    }

    private static ProducerRecord<byte[], byte[]> label(ProducerRecord<byte[], byte[]> letter, Reason reason) {
        letter.headers().add(KafkaDeadLetters.STAGE_HEADER, STAGE.getBytes(StandardCharsets.UTF_8));
        letter.headers().add(KafkaDeadLetters.REASON_HEADER, reason.tag().getBytes(StandardCharsets.UTF_8));
        if (reason == Reason.OVERSIZED) {
            return new ProducerRecord<>(letter.topic(), letter.partition(), letter.timestamp(), letter.key(), null,
                    letter.headers());
        }
        return letter;
    }
}
