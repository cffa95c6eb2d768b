package junction.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time between 0 and
 * min(max, initial * 2^(n-1)), which spreads retries of many lanes instead of synchronising them.
 */
record Backoff(Duration initial, Duration max) {

    Duration delay(int retry) {
        long cap = initial.toNanos();
        long maxNanos = max.toNanos();
        for (int i = 1; i < retry && cap < maxNanos; i++) {
            cap = Math.min(maxNanos, cap * 2);
        }
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(Math.min(cap, maxNanos) + 1));
    }
}
