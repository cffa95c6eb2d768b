package junction.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The {@code /summary} document: throughput, latency, errors, lag, dead letters and host load over
 * the last 1 and 5 minutes of samples, each with a threshold status, an overall status and the
 * bottleneck verdict over the last minute. Rates over a window weight each sample by its interval.
 */
public final class SummaryReport {

    static final Duration SHORT = Duration.ofMinutes(1);
    static final Duration LONG = Duration.ofMinutes(5);

    private SummaryReport() {
    }

    /**
     * @param samples oldest first
     * @param e2eLatencyMs p50, p95, p99 over the last five minutes (see PipelineSampler)
     */
    public static Map<String, Object> build(List<PipelineSample> samples, double[] e2eLatencyMs, Thresholds t) {
        return build(samples, Map.of(), e2eLatencyMs, t);
    }

    /** @param delivery the app's {@link PipelineStatus#delivery()}, shown as it is under "delivery" */
    public static Map<String, Object> build(List<PipelineSample> samples, Map<String, Object> delivery, double[] e2eLatencyMs,
            Thresholds t) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!delivery.isEmpty()) {
            doc.put("delivery", delivery);
        }
        if (samples.isEmpty()) {
            doc.put("status", Status.UNKNOWN);
            doc.put("bottleneck", diagnosis(Bottleneck.judge(t.bottleneck())));
            return doc;
        }
        PipelineSample last = samples.get(samples.size() - 1);
        List<PipelineSample> shortWindow = window(samples, SHORT);
        List<PipelineSample> longWindow = window(samples, LONG);

        double in1 = rate(shortWindow, PipelineSample::consumeRate);
        double in5 = rate(longWindow, PipelineSample::consumeRate);
        double joined5 = rate(longWindow, PipelineSample::joinedRate);
        double out5 = rate(longWindow, PipelineSample::deliveredRate);
        double deliveredShare = joined5 > 0 ? out5 / joined5 : Double.NaN;
        double errors5 = errorRatio(longWindow);
        double deadPerMinute = rate(longWindow, PipelineSample::deadLetterRate) * 60;

        Map<String, Map<String, Object>> signals = new LinkedHashMap<>();
        signals.put("throughputIn", signal("records/s", t.throughputIn().of(in5), "1m", in1, "5m", in5));
        signals.put("joined", signal("records/s", Double.isNaN(joined5) ? Status.UNKNOWN : Status.OK,
                "1m", rate(shortWindow, PipelineSample::joinedRate), "5m", joined5));
        signals.put("throughputOut", signal("records/s", t.deliveredShare().of(deliveredShare),
                "1m", rate(shortWindow, PipelineSample::deliveredRate), "5m", out5, "deliveredShare5m", deliveredShare));
        signals.put("e2eLatency", signal("ms", t.e2eP99Ms().of(e2eLatencyMs[2]),
                "p50", e2eLatencyMs[0], "p95", e2eLatencyMs[1], "p99", e2eLatencyMs[2]));
        signals.put("errorRate", signal("ratio", t.errorRatio().of(errors5),
                "1m", errorRatio(shortWindow), "5m", errors5));
        signals.put("lag", signal("records|s", t.lagSeconds().of(last.lagSeconds()),
                "records", last.lagRecords(), "seconds", last.lagSeconds()));
        signals.put("deadLetters", signal("records", t.deadLettersPerMinute().of(deadPerMinute),
                "total", last.deadLettersTotal(), "perMinute5m", deadPerMinute));
        signals.put("hostCpu", signal("ratio", t.hostCpu().of(last.hostCpu()), "value", last.hostCpu()));
        signals.put("hostMemory", signal("ratio", t.hostMemory().of(last.hostMemoryUsed()),
                "value", last.hostMemoryUsed()));

        Status overall = Status.UNKNOWN;
        for (Map<String, Object> signal : signals.values()) {
            overall = overall.worse((Status) signal.get("status"));
        }
        doc.put("time", last.time());
        doc.put("status", overall);
        doc.put("bottleneck", diagnosis(Bottleneck.judge(t.bottleneck(), shortWindow.toArray(PipelineSample[]::new))));
        doc.putAll(signals);
        return doc;
    }

    private static Map<String, Object> diagnosis(Bottleneck.Diagnosis diagnosis) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("verdict", diagnosis.label());
        map.put("recommendation", diagnosis.recommendation());
        map.put("evidence", diagnosis.evidence());
        return map;
    }

    /** unit, status, then name/value pairs. */
    private static Map<String, Object> signal(String unit, Status status, Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        map.put("unit", unit);
        map.put("status", status);
        return map;
    }

    /** The samples whose interval ends within {@code length} of the last sample. */
    static List<PipelineSample> window(List<PipelineSample> samples, Duration length) {
        Instant since = samples.get(samples.size() - 1).time().minus(length);
        return samples.stream().filter(s -> s.time().isAfter(since)).toList();
    }

    /** Per-second rate over the window: each sample's rate weighted by its interval. */
    static double rate(List<PipelineSample> window, ToDoubleFunction<PipelineSample> perSecond) {
        double amount = 0;
        double seconds = 0;
        for (PipelineSample s : window) {
            double value = perSecond.applyAsDouble(s);
            if (!Double.isNaN(value)) {
                amount += value * s.intervalSeconds();
                seconds += s.intervalSeconds();
            }
        }
        return seconds > 0 ? amount / seconds : Double.NaN;
    }

    /** Failed requests / requests over the window; NaN without requests. */
    static double errorRatio(List<PipelineSample> window) {
        double failed = 0;
        double requests = 0;
        for (PipelineSample s : window) {
            if (s.requestRate() > 0) {
                failed += s.errorRatio() * s.requestRate() * s.intervalSeconds();
                requests += s.requestRate() * s.intervalSeconds();
            }
        }
        return requests > 0 ? failed / requests : Double.NaN;
    }
}
