package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class PausedThreadFenceTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final PausedThreadFence fence = new PausedThreadFence(clock::get);
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final Producer<byte[], byte[]> producer = fence.guard(kafka);

    @Test
    void aThreadThatPolledWithinItsSessionTimeoutWrites() {
        fence.configure(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"));
        fence.polled();
        clock.addAndGet(9 * SECOND);

        producer.send(record());

        assertThat(kafka.history()).hasSize(1);
    }

    @Test
    void aThreadThatStoodStillLongerThanItsSessionTimeoutWritesNothingAndLooksFencedToKafkaStreams() {
        fence.configure(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10000));
        fence.polled();
        clock.addAndGet(20 * SECOND);

        assertThatThrownBy(() -> producer.send(record()))
                .isInstanceOf(KafkaException.class)
                .hasCauseInstanceOf(ProducerFencedException.class)
                .hasMessageContaining("has not polled for 20.0 s, more than session.timeout.ms (10.0 s)")
                .hasMessageContaining("customers-store-changelog");
        assertThat(kafka.history()).as("nothing reached Kafka").isEmpty();
    }

    @Test
    void theNextPollLiftsTheFence() {
        fence.polled();
        clock.addAndGet(60 * SECOND);
        assertThatThrownBy(() -> producer.send(record())).isInstanceOf(KafkaException.class);

        fence.polled();
        producer.send(record());

        assertThat(kafka.history()).hasSize(1);
    }

    @Test
    void withoutAConfiguredTimeoutKafkasDefaultOf45SecondsHolds() {
        fence.polled();
        clock.addAndGet(44 * SECOND);
        producer.send(record());
        clock.addAndGet(2 * SECOND);

        assertThatThrownBy(() -> producer.send(record())).isInstanceOf(KafkaException.class);
        assertThat(kafka.history()).hasSize(1);
    }

    @Test
    void aThreadWhoseConsumerNeverPolledOrClosedIsNotFenced() throws InterruptedException {
        fence.polled();
        clock.addAndGet(60 * SECOND);
        Thread other = new Thread(() -> producer.send(record()));
        other.start();
        other.join();
        fence.forget();
        producer.send(record());

        assertThat(kafka.history()).hasSize(2);
    }

    private static ProducerRecord<byte[], byte[]> record() {
        return new ProducerRecord<>("customers-store-changelog", new byte[] {1}, new byte[] {2});
    }
}
