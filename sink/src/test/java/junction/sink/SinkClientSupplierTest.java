package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream thread's producer: its flush is the commit barrier. Kafka's MockProducer stands in for the real one. */
class SinkClientSupplierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final DeliveryBarrier barrier = new DeliveryBarrier();
    private final MockProducer<byte[], byte[]> delegate =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ExecutorService streamThread = Executors.newSingleThreadExecutor();

    /** Only the producer is needed; the other clients are never asked for here. */
    private final KafkaClientSupplier producerOnly = new KafkaClientSupplier() {
        @Override
        public Admin getAdmin(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return delegate;
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }
    };

    private static SinkClientSupplier supplier(KafkaClientSupplier delegate, DeliveryBarrier barrier, Duration timeout) {
        return new SinkClientSupplier(delegate, barrier, () -> Deadline.after(timeout), timeout);
    }

    @AfterEach
    void stop() throws InterruptedException {
        streamThread.shutdownNow();
        assertThat(streamThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void flushFlushesTheRealProducerThenWaitsForTheThreadsSinkRecords() throws Exception {
        Producer<byte[], byte[]> producer = supplier(producerOnly, barrier, WAIT).getProducer(Map.of());
        Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, streamThread).join();
        Runnable settle = CompletableFuture.supplyAsync(barrier::register, streamThread).join();
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("changelog", new byte[] {1}));

        Future<?> flush = streamThread.submit(producer::flush);

        await().atMost(WAIT).until(() -> sent.isDone() && thread.getState() == Thread.State.TIMED_WAITING);
        assertThat(flush).isNotDone();

        settle.run();

        assertThat(flush).succeedsWithin(WAIT);
    }

    @Test
    void flushTimesOutWhileRecordsStayUnsettled() {
        Producer<byte[], byte[]> producer = supplier(producerOnly, barrier, Duration.ofMillis(50)).getProducer(Map.of());
        barrier.register();
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("changelog", new byte[] {1}));

        assertThatThrownBy(producer::flush).isInstanceOf(TimeoutException.class);
        assertThat(sent).isDone();
    }

    @Test
    void flushKeepsWaitingWhileItsDeadlineStandsStill() {
        AtomicBoolean paused = new AtomicBoolean(true);
        Deadline standingWhilePaused = () -> paused.get() ? 1 : 0;
        Producer<byte[], byte[]> producer = new SinkClientSupplier(producerOnly, barrier, () -> standingWhilePaused,
                Duration.ofMillis(50)).getProducer(Map.of());
        Runnable settle = CompletableFuture.supplyAsync(barrier::register, streamThread).join();

        Future<?> flush = streamThread.submit(producer::flush);

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !flush.isDone());
        paused.set(false);
        assertThat(flush).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        settle.run();
    }

    @Test
    void everythingElseReachesTheRealProducer() {
        Producer<byte[], byte[]> producer = supplier(producerOnly, barrier, WAIT).getProducer(Map.of());

        producer.send(new ProducerRecord<>("changelog", new byte[] {1}), (metadata, error) -> { });
        producer.close();

        assertThat(delegate.history()).hasSize(1);
        assertThat(delegate.closed()).isTrue();
    }
}
