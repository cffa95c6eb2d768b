package junction.metrics;

/**
 * Where {@link Bottleneck} draws its lines.
 *
 * @param idleRate records/s at or below which there is no input
 * @param significantLag lag in records from which the pipeline counts as behind
 * @param saturation in-flight / concurrency limit from which the sink is saturated
 * @param endpointLatencyHighMs mean endpoint request latency that counts as slow
 * @param errorRatioHigh share of failed endpoint requests that counts as failing
 * @param processRatioHigh stream-thread share of time in process() that counts as busy
 * @param pollRatioLow stream-thread share of time in poll() below which input is never waited for
 * @param processRatioLow process share below which the threads mostly wait
 * @param brokerLatencyHighMs poll or commit latency (avg) that counts as a slow broker
 */
public record BottleneckThresholds(
        double idleRate,
        double significantLag,
        double saturation,
        double endpointLatencyHighMs,
        double errorRatioHigh,
        double processRatioHigh,
        double pollRatioLow,
        double processRatioLow,
        double brokerLatencyHighMs) {

    public static final BottleneckThresholds DEFAULTS =
            new BottleneckThresholds(0.01, 1_000, 0.9, 500, 0.05, 0.7, 0.2, 0.3, 200);
}
