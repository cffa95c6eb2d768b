package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class DeliveryBarrierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final DeliveryBarrier barrier = new DeliveryBarrier();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitSettledReturnsOnceEveryRegisteredRecordSettled() {
        List<Runnable> settles = IntStream.range(0, 3).mapToObj(i -> barrier.register()).toList();
        Thread waiter = Thread.currentThread();
        CompletableFuture<Void> settler = CompletableFuture.runAsync(() -> {
            await().atMost(WAIT).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
            settles.forEach(Runnable::run);
        }, other);

        barrier.awaitSettled(WAIT);

        assertThat(barrier.unsettled()).isZero();
        assertThat(settler).succeedsWithin(WAIT);
    }

    @Test
    void awaitSettledTimesOutWhileARecordIsUnsettled() {
        barrier.register();
        barrier.register().run();

        assertThatThrownBy(() -> barrier.awaitSettled(Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("1 sink records");
    }

    @Test
    void eachThreadWaitsOnlyForItsOwnRecords() {
        Runnable othersSettle = CompletableFuture.supplyAsync(barrier::register, other).join();

        barrier.awaitSettled(Duration.ofMillis(1));

        assertThat(CompletableFuture.runAsync(() -> barrier.awaitSettled(Duration.ofMillis(50)), other))
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        othersSettle.run();
        assertThat(CompletableFuture.runAsync(() -> barrier.awaitSettled(WAIT), other)).succeedsWithin(WAIT);
    }

    @Test
    void settlingTwiceCountsOnce() {
        Runnable first = barrier.register();
        barrier.register();

        first.run();
        first.run();

        assertThat(barrier.unsettled()).isEqualTo(1);
    }

    @Test
    void refusesToWaitOnANonBlockingThread() {
        Mono<Void> onParallel = Mono.<Void>fromRunnable(() -> barrier.awaitSettled(WAIT)).subscribeOn(Schedulers.parallel());

        assertThatThrownBy(() -> onParallel.block(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-blocking thread");
    }
}
