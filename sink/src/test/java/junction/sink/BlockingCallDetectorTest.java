package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Proves the detector the sink tests rely on is really installed and catching. Isolated: the
 * violation it provokes on purpose must not reach a test running beside it.
 */
@ExtendWith(BlockingCallDetector.class)
@Isolated
class BlockingCallDetectorTest {

    @Test
    void aBlockingWaitOnAParallelWorkerIsCaught() {
        Mono<Boolean> blockingWait = Mono.fromCallable(() -> new CountDownLatch(1).await(1, TimeUnit.MILLISECONDS))
                .subscribeOn(Schedulers.parallel());

        assertThatThrownBy(() -> blockingWait.block(Duration.ofSeconds(10))).hasCauseInstanceOf(BlockingOperationError.class);
        assertThat(BlockingCallDetector.takeViolations()).singleElement().asString().contains("park");
    }
}
