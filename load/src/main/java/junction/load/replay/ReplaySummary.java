package junction.load.replay;

import java.util.Locale;

/**
 * The outcome of a replay.
 *
 * @param records records handed to the producer
 * @param bytes their keys' and values' bytes
 * @param failed records the target broker did not take
 * @param completed false when stopped before reaching the end offsets
 */
public record ReplaySummary(long records, long bytes, long nanos, long failed, boolean completed) {

    public double seconds() {
        return nanos / 1e9;
    }

    public double recordsPerSecond() {
        return nanos == 0 ? 0 : records / seconds();
    }

    /** The final line a replay prints. */
    public String line() {
        return String.format(Locale.ROOT, "replayed %,d records, %,d bytes in %.1f s: %,.0f records/s, %,d failed%s",
                records, bytes, seconds(), recordsPerSecond(), failed, completed ? "" : " (stopped early)");
    }
}
