package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The dead-letter record's shape and acknowledgement; Kafka's MockProducer stands in for the broker. */
class KafkaDeadLettersTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final KafkaDeadLetters deadLetters = new KafkaDeadLetters(producer, KafkaDeadLetters.DEFAULT_TOPIC);

    @Test
    void writesKeyBodyAndReasonHeadersAndCompletesOnTheAck() {
        SinkRecord record = record("customer-7", 3);

        CompletableFuture<Void> written = deadLetters.write(record, "HTTP 400: bad", Map.of("junction.http-status", "400"));

        assertThat(written).isNotDone();
        ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
        assertThat(letter.topic()).isEqualTo("junction-dlq");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("customer-7");
        assertThat(letter.value()).isEqualTo(record.body());
        assertThat(letter.headers()).extracting(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8))
                .contains(
                        tuple("junction.reason", "HTTP 400: bad"),
                        tuple("junction.event-id", "customer-7@3"),
                        tuple("junction.stage", "sink"),
                        tuple("junction.http-status", "400"));

        producer.completeNext();

        assertThat(written).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void aFailedSendFailsTheWrite() {
        CompletableFuture<Void> written = deadLetters.write(record("k", 1), "reason", Map.of());

        producer.errorNext(new IllegalStateException("not enough replicas"));

        assertThat(written).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("not enough replicas");
    }

    @Test
    void aSendThatThrowsFailsTheWrite() {
        deadLetters.close();

        assertThat(deadLetters.write(record("k", 1), "reason", Map.of())).isCompletedExceptionally();
    }
}
