package junction.sink;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A time limit, read as the time left; it may stand still (e.g. while the endpoint is down). */
interface Deadline {

    long remainingNanos();

    default boolean passed() {
        return remainingNanos() <= 0;
    }

    /**
     * How long to wait before reading a deadline with {@code remainingNanos} left again: a deadline
     * may stand still, so never longer than a second, nor so short that waiting becomes spinning.
     */
    static long recheckNanos(long remainingNanos) {
        return Math.min(Math.max(remainingNanos, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.SECONDS.toNanos(1));
    }

    /** A deadline that runs on the wall clock from now. */
    static Deadline after(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        return () -> end - System.nanoTime();
    }
}
