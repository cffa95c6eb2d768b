package junction.app.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import junction.model.CustomerInventory;
import junction.model.Topics;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** How redrive reads a record of the dead-letter topic, and which ones it would send. */
class DeadLetterTest {

    private static final byte[] BODY = Topics.CUSTOMER_INVENTORY.valueSerde().serializer().serialize("t",
            new CustomerInventory("e-1", "c-1", "Ann", "ann@example.com", "gold", "eu", "s-1", 5, null, 7, false, 1));

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("junction-dlq", 2, 41, 0L, TimestampType.CREATE_TIME, 0, 0,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, java.util.Optional.empty());
    }

    private static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void aSinkLetterIsSentAsTheSameRecordWithItsHistory() {
        DeadLetter letter = DeadLetter.of(record("c-1", BODY, headers(
                "junction.reason", "HTTP 422: no", "junction.event-id", "e-1", "junction.stage", "sink",
                "junction.http-status", "422", "junction.attempts", "3", "junction.redrives", "2")));

        assertThat(letter.notSendable()).isNull();
        assertThat(letter.category()).isEqualTo("HTTP 422");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.redrives()).isEqualTo(2);
        assertThat(letter.where()).isEqualTo("junction-dlq/2/41");
        assertThat(letter.deletion()).isFalse();
        SinkRecord sent = letter.toSinkRecord();
        assertThat(sent.key()).isEqualTo("c-1");
        assertThat(sent.eventId()).isEqualTo("e-1");
        assertThat(sent.body()).isEqualTo(BODY);
    }

    @Test
    void aLetterWithoutAnAnswerIsNoAnswerAndMissingCountsAreZero() {
        DeadLetter letter = DeadLetter.of(record("c-1", BODY, headers(
                "junction.reason", "retries exhausted", "junction.event-id", "e-1", "junction.stage", "sink",
                "junction.attempts", "many")));

        assertThat(letter.category()).isEqualTo("no answer");
        assertThat(letter.attempts()).isZero();
        assertThat(letter.redrives()).isZero();
    }

    @Test
    void aTopologyLetterIsInputAndNeverSentEvenWithAJunctionStageHeaderOfItsOwn() {
        DeadLetter letter = DeadLetter.of(record("poison", "{".getBytes(StandardCharsets.UTF_8), headers(
                "junction.stage", "sink", "junction.event-id", "e-9",
                "__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException")));

        assertThat(letter.stage()).isEqualTo("topology");
        assertThat(letter.notSendable())
                .isEqualTo("topology: unreadable input (org.apache.kafka.common.errors.SerializationException)");
    }

    @Test
    void importUnknownAndIncompleteLettersAreNotSent() {
        assertThat(DeadLetter.of(record(null, BODY, headers("junction.stage", "import", "junction.reason", "line 3")))
                .notSendable()).isEqualTo("import: unreadable input");
        assertThat(DeadLetter.of(record("c-1", BODY, headers())).notSendable())
                .isEqualTo("unknown: letter without a stage");
        assertThat(DeadLetter.of(record("c-1", BODY, headers("junction.stage", "sink"))).notSendable())
                .isEqualTo("sink: letter without key, event id or body");
    }

    @Test
    void aDeletionIsToldFromItsBody() {
        byte[] deletion = Topics.CUSTOMER_INVENTORY.valueSerde().serializer().serialize("t",
                CustomerInventory.deletion("c-1").withDelivery("e-2", 9));

        assertThat(DeadLetter.of(record("c-1", deletion, headers("junction.stage", "sink"))).deletion()).isTrue();
        assertThat(DeadLetter.of(record("c-1", "{".getBytes(StandardCharsets.UTF_8), headers())).deletion()).isFalse();
    }
}
