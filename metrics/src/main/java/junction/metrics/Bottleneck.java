package junction.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Which stage limits throughput, judged from recorded samples (pure: no clock, no registry).
 * Signals are averaged over the samples given, so one spike does not flip the verdict. Rules, in
 * order: idle (no input, no lag, sink empty); endpoint-bound (sink saturated and the endpoint
 * slow or failing); sink-bound (sink saturated, endpoint fine); join-bound (threads busy in
 * process, rarely polling); broker-bound (slow poll or commit, threads mostly waiting, with lag);
 * otherwise balanced.
 */
public final class Bottleneck {

    public enum Verdict {
        IDLE("idle", "No input: if traffic is expected, check the producers and the input topics."),
        JOIN_BOUND("join-bound", "Stream threads are busy processing: raise num.stream.threads (up to the "
                + "partition count), add partitions or replicas, and check the state-store cost of the join."),
        SINK_BOUND("sink-bound", "Requests sit at the concurrency limit while the endpoint answers quickly: "
                + "raise the sink concurrency limit or the batch size."),
        ENDPOINT_BOUND("endpoint-bound", "The endpoint is slow or failing at full concurrency: more concurrency "
                + "will not help; scale or fix the analytics endpoint and watch its errors."),
        BROKER_BOUND("broker-bound", "Poll/commit against Kafka is slow while lag builds: check broker health "
                + "and network, raise fetch sizes or commit.interval.ms."),
        BALANCED("balanced", "Keeping up, no stage saturated: nothing to do."),
        UNKNOWN("unknown", "No samples yet: wait one sampling interval.");

        private final String label;
        private final String recommendation;

        Verdict(String label, String recommendation) {
            this.label = label;
            this.recommendation = recommendation;
        }

        public String label() {
            return label;
        }

        public String recommendation() {
            return recommendation;
        }
    }

    /** A verdict and the averaged signals it was drawn from. */
    public record Diagnosis(Verdict verdict, String evidence) {

        public String label() {
            return verdict.label();
        }

        public String recommendation() {
            return verdict.recommendation();
        }
    }

    private Bottleneck() {
    }

    public static Diagnosis judge(PipelineSample... samples) {
        return judge(BottleneckThresholds.DEFAULTS, samples);
    }

    public static Diagnosis judge(BottleneckThresholds t, PipelineSample... samples) {
        if (samples.length == 0) {
            return new Diagnosis(Verdict.UNKNOWN, "no samples");
        }
        double input = Math.max(zeroIfAbsent(mean(samples, PipelineSample::consumeRate)),
                zeroIfAbsent(mean(samples, PipelineSample::joinedRate)));
        double lag = zeroIfAbsent(mean(samples, PipelineSample::lagRecords));
        double inFlight = zeroIfAbsent(mean(samples, PipelineSample::inFlight));
        double buffered = zeroIfAbsent(mean(samples, PipelineSample::buffered));
        double limit = mean(samples, PipelineSample::concurrencyLimit);
        double latency = mean(samples, PipelineSample::endpointLatencyMs);
        double errors = mean(samples, PipelineSample::errorRatio);
        double process = mean(samples, PipelineSample::processRatio);
        double poll = mean(samples, PipelineSample::pollRatio);
        double brokerLatency = Math.max(zeroIfAbsent(mean(samples, PipelineSample::pollLatencyMs)),
                zeroIfAbsent(mean(samples, PipelineSample::commitLatencyMs)));
        double saturation = limit > 0 ? inFlight / limit : 0;
        String evidence = String.format(Locale.ROOT,
                "input %.1f rec/s, lag %.0f rec, in-flight %.1f of limit %.1f, buffered %.0f, endpoint %.0f ms, "
                        + "errors %.3f, process %.2f, poll %.2f, poll/commit latency %.0f ms",
                input, lag, inFlight, limit, buffered, latency, errors, process, poll, brokerLatency);

        Verdict verdict;
        if (input <= t.idleRate() && lag < t.significantLag() && inFlight == 0 && buffered == 0) {
            verdict = Verdict.IDLE;
        } else if (saturation >= t.saturation()) {
            verdict = latency >= t.endpointLatencyHighMs() || errors >= t.errorRatioHigh()
                    ? Verdict.ENDPOINT_BOUND : Verdict.SINK_BOUND;
        } else if (process >= t.processRatioHigh() && poll <= t.pollRatioLow()) {
            verdict = Verdict.JOIN_BOUND;
        } else if (brokerLatency >= t.brokerLatencyHighMs() && process <= t.processRatioLow()
                && lag >= t.significantLag()) {
            verdict = Verdict.BROKER_BOUND;
        } else {
            verdict = Verdict.BALANCED;
        }
        return new Diagnosis(verdict, evidence);
    }

    /** Mean of the values present; NaN when none is (comparisons with NaN are false). */
    private static double mean(PipelineSample[] samples, ToDoubleFunction<PipelineSample> field) {
        return Arrays.stream(samples).mapToDouble(field).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double zeroIfAbsent(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
