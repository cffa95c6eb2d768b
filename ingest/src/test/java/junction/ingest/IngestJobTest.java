package junction.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import junction.model.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestJobTest {

    private final MockProducer<byte[], byte[]> mock = MockProducers.bytes(true);
    private final InputProducer producer = new InputProducer(mock);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws InterruptedException {
        runner.shutdownNow();
        assertThat(runner.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        producer.close();
    }

    @Test
    void preloadSendsEverySkuThenEveryCustomer() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);

        long sent = job.preload();

        Generator same = new Generator(5, 300, 40);
        List<String> expectedKeys = Stream.concat(same.initialInventory(), same.initialCustomers())
                .map(Change::key).toList();
        List<ProducerRecord<byte[], byte[]>> history = mock.history();
        assertThat(sent).isEqualTo(340);
        assertThat(job.produced()).isEqualTo(340);
        assertThat(history).extracting(MockProducers::key).isEqualTo(expectedKeys);
        assertThat(history.subList(0, 40)).extracting(ProducerRecord::topic).containsOnly(Topics.INVENTORY.name());
        assertThat(history.subList(40, 340)).extracting(ProducerRecord::topic).containsOnly(Topics.CUSTOMERS.name());
        assertThat(producer.acked()).isEqualTo(340);
    }

    @Test
    void updatesSendExactlyTheCountAndNoFasterThanTheRate() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);

        long start = System.nanoTime();
        long sent = job.updates(2_000, 500);
        long tookNanos = System.nanoTime() - start;

        assertThat(sent).isEqualTo(500);
        assertThat(mock.history()).hasSize(500);
        assertThat(job.produced()).isEqualTo(500);
        // Update i is due i/rate after the start: the last one (i = 499) not before 249.5 ms.
        assertThat(tookNanos).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(249_500));
    }

    @Test
    void updatesCarryTheirDueTimeNotTheirSendTime() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);

        long before = System.currentTimeMillis();
        job.updates(1_000, 200);

        // Update i is due i ms after the start at 1,000/s: its timestamp says so, however late it went out.
        List<Long> stamps = mock.history().stream().map(ProducerRecord::timestamp).toList();
        assertThat(stamps).hasSize(200).doesNotContainNull();
        assertThat(stamps.get(0)).isBetween(before, before + 50);
        for (int i = 1; i < stamps.size(); i++) {
            assertThat(stamps.get(i) - stamps.get(0)).as("update %d", i).isBetween((long) i - 1, (long) i);
        }
    }

    @Test
    void updatesForADurationStopWhenItIsOver() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);

        CompletableFuture<Long> run = CompletableFuture.supplyAsync(
                () -> job.updates(1_000, Duration.ofMillis(300)), runner);

        assertThat(run).succeedsWithin(Duration.ofSeconds(10))
                .satisfies(sent -> assertThat(sent).isPositive().isLessThanOrEqualTo(301)
                        .isEqualTo(mock.history().size()));
    }

    @Test
    void stopEndsARunFromAnotherThreadEvenWhileItWaits() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);
        // One update every 100 s: after the first, the run is parked until stop wakes it.
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> job.updates(0.01, 1_000), runner);
        await().atMost(Duration.ofSeconds(10)).until(() -> job.produced() == 1);

        job.stop();

        assertThat(run).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1L);
        assertThat(mock.history()).hasSize(1);
        assertThat(job.updates(1_000, 10)).as("a stopped job stays stopped").isZero();
    }

    @Test
    void stopEndsAFastRunBeforeItsCount() {
        IngestJob job = new IngestJob(new Generator(5, 300, 40), producer);
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> job.updates(1_000, Long.MAX_VALUE), runner);
        await().atMost(Duration.ofSeconds(10)).until(() -> job.produced() >= 20);

        job.stop();

        assertThat(run).succeedsWithin(Duration.ofSeconds(10))
                .satisfies(sent -> assertThat(sent).isEqualTo(job.produced()).isEqualTo(mock.history().size()));
    }
}
