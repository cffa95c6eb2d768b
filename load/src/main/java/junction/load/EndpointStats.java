package junction.load;

import org.HdrHistogram.Histogram;

/**
 * What the analytics endpoint has received since it started or was last reset; served as JSON by
 * {@code GET /stats}.
 *
 * @param requests {@code POST /ingest} requests, accepted or not
 * @param rejected requests refused with 400 (nothing of them was accepted)
 * @param records records applied, deletes included, duplicates not
 * @param duplicates records whose eventId had been received before (dropped by a remembering
 *     endpoint; a forgetful one decides by version, but counts them the same way)
 * @param deletes accepted records with {@code deleted=true}
 * @param customers customers currently in the view (not deleted)
 * @param latencyMs end-to-end latency (receive time minus sourceTimestamp) of accepted records
 * @param firstReceiveMillis wall-clock time of the first accepted request, 0 if none
 * @param lastReceiveMillis wall-clock time of the last accepted request, 0 if none
 * @param recordsPerSec {@code records} over the time from the first to the last accepted request
 *     (0 until two requests lie at least a millisecond apart)
 * @param faults requests failed on purpose ({@link EndpointFaults}), by kind
 * @param olderIgnored forgetful mode: records acknowledged but not applied because the customer
 *     already had this or a higher version (duplicates not included)
 * @param eventIds distinct event ids received, applied or not
 * @param olderGenerationRequests ingest requests whose {@code Junction-Group-Generation} header
 *     was below the highest one seen before: sent by an instance that had been fenced (a zombie)
 */
public record EndpointStats(
        long requests,
        long rejected,
        long records,
        long duplicates,
        long deletes,
        long customers,
        Latency latencyMs,
        long firstReceiveMillis,
        long lastReceiveMillis,
        double recordsPerSec,
        Faults faults,
        long olderIgnored,
        long eventIds,
        long olderGenerationRequests) {

    /** Stats of an endpoint that failed nothing on purpose. */
    public EndpointStats(long requests, long rejected, long records, long duplicates, long deletes, long customers,
            Latency latencyMs, long firstReceiveMillis, long lastReceiveMillis, double recordsPerSec) {
        this(requests, rejected, records, duplicates, deletes, customers, latencyMs, firstReceiveMillis,
                lastReceiveMillis, recordsPerSec, Faults.NONE, 0, 0, 0);
    }

    public EndpointStats withFaults(Faults value) {
        return new EndpointStats(requests, rejected, records, duplicates, deletes, customers, latencyMs,
                firstReceiveMillis, lastReceiveMillis, recordsPerSec, value, olderIgnored, eventIds,
                olderGenerationRequests);
    }

    /** Percentiles of the end-to-end latency in milliseconds; all 0 while nothing was recorded. */
    public record Latency(long p50, long p95, long p99, long max) {

        /** The percentiles of a histogram of milliseconds; all 0 if it is empty. */
        public static Latency of(Histogram histogram) {
            return histogram.getTotalCount() == 0 ? new Latency(0, 0, 0, 0)
                    : new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95),
                            histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }
    }

    /**
     * Ingest requests failed on purpose. A slow request is also counted by how it ended; a
     * rejected one is also in {@code rejected} above; refused connections never reach the
     * endpoint, so they are not counted.
     *
     * @param errors answered with an injected error status, the down window's status included
     * @param throttled answered 429
     * @param resets connection reset without an answer
     * @param slow delayed by the slow delay
     * @param rejected answered {@code rejectStatus} (400 by default) for holding a rejected customer id
     * @param throttleRetries requests that re-sent the {@code Idempotency-Key} of a request answered 429
     * @param earlyRetries those of them that came before the 429's {@code Retry-After} was over
     */
    public record Faults(long errors, long throttled, long resets, long slow, long rejected, long throttleRetries,
                         long earlyRetries) {
        public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 0);
    }
}
