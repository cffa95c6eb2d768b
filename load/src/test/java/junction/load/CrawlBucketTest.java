package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The crawl in real time, with rates that make its waits tenths of a second. */
class CrawlBucketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void requestsAreAnsweredInArrivalOrderEachWhenItsRecordsHadTheirTurn() {
        CrawlBucket crawl = new CrawlBucket(50);
        List<String> order = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();

        // 10 records at 50/s: 200 ms each, one after the other.
        List<Long> answeredAfter = Mono.zip(
                crawl.admit(10).then(Mono.fromCallable(() -> { order.add("a"); return millisSince(start); })),
                crawl.admit(10).then(Mono.fromCallable(() -> { order.add("b"); return millisSince(start); })),
                crawl.admit(10).then(Mono.fromCallable(() -> { order.add("c"); return millisSince(start); })))
                .map(t -> List.of(t.getT1(), t.getT2(), t.getT3()))
                .block(TIMEOUT);

        assertThat(order).containsExactly("a", "b", "c");
        assertThat(answeredAfter.get(0)).isGreaterThanOrEqualTo(190);
        assertThat(answeredAfter.get(1)).isGreaterThanOrEqualTo(390);
        assertThat(answeredAfter.get(2)).isGreaterThanOrEqualTo(590);
    }

    @Test
    void aRequestItsClientGaveUpOnLeavesTheQueue() {
        CrawlBucket crawl = new CrawlBucket(10);
        long start = System.nanoTime();

        // 5 records at 10/s: 500 ms each. The second is abandoned while it waits, so the third follows the first.
        Mono<Long> first = crawl.admit(5).then(Mono.fromCallable(() -> millisSince(start))).cache();
        first.subscribe();
        Disposable second = crawl.admit(5).subscribe();
        Mono<Long> third = crawl.admit(5).then(Mono.fromCallable(() -> millisSince(start))).cache();
        third.subscribe();
        second.dispose();

        assertThat(first.block(TIMEOUT)).isGreaterThanOrEqualTo(490);
        assertThat(third.block(TIMEOUT)).isGreaterThanOrEqualTo(990).isLessThan(1_400);
    }

    @Test
    void idleTimeBuildsNoCredit() {
        CrawlBucket crawl = new CrawlBucket(50);
        crawl.admit(5).block(TIMEOUT);
        Mono.delay(Duration.ofMillis(300)).block(TIMEOUT);

        long start = System.nanoTime();
        crawl.admit(10).block(TIMEOUT);

        assertThat(millisSince(start)).as("10 records at 50/s after a rest").isGreaterThanOrEqualTo(190);
    }

    @Test
    void aRateOfZeroIsNoCrawl() {
        assertThatThrownBy(() -> new CrawlBucket(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
