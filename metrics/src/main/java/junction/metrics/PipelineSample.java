package junction.metrics;

import java.time.Instant;

/**
 * What the pipeline looked like over one sampling interval (10 s by default), read from the
 * registry by meter name. Rates are per second over the interval, latencies in milliseconds,
 * ratios in [0, 1]. A field whose meter is absent is NaN. The {@code *Total} fields are the
 * cumulative counters at {@code time}, so rates over longer windows can be computed exactly.
 */
public record PipelineSample(
        Instant time,
        double intervalSeconds,
        double consumeRate,
        double joinedRate,
        double deliveredRate,
        double retriedRate,
        double deadLetterRate,
        double requestRate,
        double errorRatio,
        double endpointLatencyMs,
        double e2eP50Ms,
        double e2eP95Ms,
        double e2eP99Ms,
        double lagRecords,
        double lagSeconds,
        double buffered,
        double inFlight,
        double concurrencyLimit,
        double processRatio,
        double pollRatio,
        double commitRatio,
        double pollLatencyMs,
        double commitLatencyMs,
        double failedStreamThreads,
        double hostCpu,
        double hostMemoryUsed,
        double processCpu,
        double joinedTotal,
        double deliveredTotal,
        double deadLettersTotal,
        double requestsTotal,
        double failedRequestsTotal) {
}
