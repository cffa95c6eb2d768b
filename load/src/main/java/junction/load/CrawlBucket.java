package junction.load;

import java.time.Duration;

/**
 * The endpoint's crawl ({@link EndpointFaults#crawlRate()}): a token bucket of no burst filling at
 * a fixed number of records per second and shared by all requests, served in arrival order. A
 * request of n records reserves the next n records' worth of time and is answered when that time
 * has come, so the records answered over any stretch never exceed the rate however the client
 * splits them into requests. Idle time builds no credit: a crawling service does not speed up
 * because it rested.
 */
final class CrawlBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int recordsPerSecond;
    /** System.nanoTime() at which the records reserved so far are all admitted. Guarded by this. */
    private long admittedUntil;
    private boolean started;

    /** @param recordsPerSecond above 0 */
    CrawlBucket(int recordsPerSecond) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("recordsPerSecond must be above 0, was " + recordsPerSecond);
        }
        this.recordsPerSecond = recordsPerSecond;
    }

    /** Reserves {@code records} and returns how long from {@code nowNanos} until they are admitted. */
    synchronized Duration admit(int records, long nowNanos) {
        long start = started && admittedUntil - nowNanos > 0 ? admittedUntil : nowNanos;
        started = true;
        admittedUntil = start + Math.multiplyExact((long) records, NANOS_PER_SECOND) / recordsPerSecond;
        return Duration.ofNanos(admittedUntil - nowNanos);
    }
}
