package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void theIdempotencyKeyDependsOnlyOnTheEventIdsInOrder() {
        String key = Batch.idempotencyKey(List.of(record("a", 1), record("b", 1)));

        assertThat(Batch.idempotencyKey(List.of(record("a", 1), record("b", 1)))).isEqualTo(key);
        assertThat(Batch.idempotencyKey(List.of(record("a", 1), record("b", 2)))).isNotEqualTo(key);
        assertThat(Batch.idempotencyKey(List.of(record("b", 1), record("a", 1)))).isNotEqualTo(key);
        assertThat(Batch.idempotencyKey(List.of(record("a", 1)))).isNotEqualTo(key);
    }

    @Test
    void bodiesAreFramedAsTheFormatSaysAndSizedExactly() {
        List<SinkRecord> records = List.of(record("a", 1), record("b", 2));
        String a = TestRecords.body(records.get(0));
        String b = TestRecords.body(records.get(1));
        long bytes = a.length() + b.length();

        for (BodyFormat format : BodyFormat.values()) {
            byte[] body = format.encode(records);
            String expected = format == BodyFormat.NDJSON ? a + "\n" + b + "\n" : "[" + a + "," + b + "]";
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(format.encodedSize(2, bytes)).isEqualTo(body.length);
        }
    }

    @Test
    void backoffStaysUnderItsGrowingCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(backoff.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(backoff.delay(40)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
    }
}
