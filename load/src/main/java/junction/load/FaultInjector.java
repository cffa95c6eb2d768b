package junction.load;

import java.time.Duration;
import java.util.SplittableRandom;
import reactor.core.publisher.Mono;

/**
 * Decides, per ingest request, which of the {@link EndpointFaults} hits it. Draws come from one
 * random source seeded from {@link EndpointFaults#seed()}, so requests sent one after another get
 * the same verdicts in every run with that seed.
 */
final class FaultInjector {

    /** How a request is answered once its delay is over. */
    enum Answer { NORMAL, ERROR, THROTTLE, RESET }

    /**
     * @param delay how long to wait before answering
     * @param slow whether the slow delay is part of it
     * @param status the status of an {@link Answer#ERROR}, 0 otherwise
     */
    record Verdict(Duration delay, boolean slow, Answer answer, int status) {
    }

    private final EndpointFaults faults;
    /** The crawl of these faults, null without one; a new injector (faults changed) starts it afresh. */
    private final CrawlBucket crawl;
    // Not thread-safe, and requests arrive on several event loops: draws are synchronized.
    private final SplittableRandom random;

    FaultInjector(EndpointFaults faults) {
        this.faults = faults;
        this.random = faults.seed() == null ? new SplittableRandom() : new SplittableRandom(faults.seed());
        this.crawl = faults.crawlRate() > 0 ? new CrawlBucket(faults.crawlRate()) : null;
    }

    EndpointFaults faults() {
        return faults;
    }

    synchronized Verdict next() {
        // Every draw is taken whatever the faults, so one seed gives one sequence of verdicts.
        double answerDraw = random.nextDouble();
        double slowDraw = random.nextDouble();
        double jitterDraw = random.nextDouble();
        int statusDraw = random.nextInt(Math.max(1, faults.errorStatuses().size()));

        boolean slow = slowDraw < faults.slowRate();
        Duration delay = faults.latency()
                .plusNanos((long) (jitterDraw * faults.jitter().toNanos()))
                .plus(slow ? faults.slowDelay() : Duration.ZERO);
        // One draw split into consecutive shares, so each rate is exactly its share of requests.
        double resetUpTo = faults.resetRate();
        double throttleUpTo = resetUpTo + faults.throttleRate();
        double errorUpTo = throttleUpTo + faults.errorRate();
        if (answerDraw < resetUpTo) {
            return new Verdict(delay, slow, Answer.RESET, 0);
        } else if (answerDraw < throttleUpTo) {
            return new Verdict(delay, slow, Answer.THROTTLE, 0);
        } else if (answerDraw < errorUpTo) {
            return new Verdict(delay, slow, Answer.ERROR, faults.errorStatuses().get(statusDraw));
        }
        return new Verdict(delay, slow, Answer.NORMAL, 0);
    }

    /** Completes once the crawl got through a request of {@code records}; at once without one. */
    Mono<Void> crawl(int records) {
        return crawl == null ? Mono.empty() : crawl.admit(records);
    }
}
