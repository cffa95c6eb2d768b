package junction.sink;

import static junction.metrics.MeterNames.E2E_LATENCY;
import static junction.metrics.MeterNames.STREAM_LATENCY;
import static junction.metrics.MeterNames.DEAD_LETTERS;
import static junction.metrics.MeterNames.OUTCOME_DEAD_LETTERED;
import static junction.metrics.MeterNames.TAG_REASON;
import static junction.metrics.MeterNames.OUTCOME_DELIVERED;
import static junction.metrics.MeterNames.OUTCOME_RETRIED;
import static junction.metrics.MeterNames.SINK_BATCH_BYTES;
import static junction.metrics.MeterNames.SINK_BATCH_RECORDS;
import static junction.metrics.MeterNames.SINK_BUFFERED;
import static junction.metrics.MeterNames.SINK_CONCURRENCY_LIMIT;
import static junction.metrics.MeterNames.SINK_IN_FLIGHT;
import static junction.metrics.MeterNames.SINK_PAUSED;
import static junction.metrics.MeterNames.SINK_RECORDS;
import static junction.metrics.MeterNames.SINK_REQUESTS;
import static junction.metrics.MeterNames.SINK_REQUEST_LATENCY;
import static junction.metrics.MeterNames.STATUS_ERROR;
import static junction.metrics.MeterNames.STATUS_TIMEOUT;
import static junction.metrics.MeterNames.SINK_BUFFERED_BYTES;
import static junction.metrics.MeterNames.SINK_BATCH_LIMIT;
import static junction.metrics.MeterNames.SINK_UNSETTLED_LIMIT;
import static junction.metrics.MeterNames.SINK_ENDPOINT_PROBLEM;
import static junction.metrics.MeterNames.TAG_PROBLEM;
import static junction.metrics.MeterNames.TAG_OUTCOME;
import static junction.metrics.MeterNames.TAG_STATUS;
import static junction.metrics.MeterNames.UNIT_BYTES;
import static junction.metrics.MeterNames.UNIT_RECORDS;
import static junction.metrics.MeterNames.UNIT_REQUESTS;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sink's meters, named by {@link junction.metrics.MeterNames} (counters without a base unit,
 * gauges with the unit given there), with bounded tags only.
 */
final class SinkMetrics implements AutoCloseable {

    private static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", STATUS_ERROR, STATUS_TIMEOUT);

    /** What the gauges read. */
    record Gauges(Supplier<Number> buffered, Supplier<Number> bufferedBytes, Supplier<Number> inFlight,
            Supplier<Number> concurrencyLimit, Supplier<Number> paused, Supplier<Number> batchLimit,
            Supplier<Number> unsettledLimit, Supplier<EndpointProblem> problem) {
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter delivered;
    private final Counter deadLettered;
    private final Map<Outcome.Cause, Counter> deadLettersByCause;
    private final Counter retried;
    private final Map<String, Counter> requests;
    private final Timer latency;
    private final Timer endToEnd;
    private final Timer stream;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;

    SinkMetrics(MeterRegistry registry, Gauges gauges) {
        this.registry = registry;
        delivered = records(OUTCOME_DELIVERED);
        deadLettered = records(OUTCOME_DEAD_LETTERED);
        retried = records(OUTCOME_RETRIED);
        // Registered up front, so dashboards and alerts see 0 rather than no series.
        deadLettersByCause = Arrays.stream(Outcome.Cause.values()).collect(Collectors.toUnmodifiableMap(
                Function.identity(),
                cause -> keep(Counter.builder(DEAD_LETTERS)
                        .description("Records written to the dead-letter topic, by reason")
                        .tag(TAG_REASON, cause.tag)
                        .register(registry))));
        requests = STATUS_CLASSES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                status -> keep(Counter.builder(SINK_REQUESTS)
                        .description("HTTP requests to the analytics endpoint by status class (timeout: no response within the response timeout; error: no response otherwise)")
                        .tag(TAG_STATUS, status)
                        .register(registry))));
        latency = keep(Timer.builder(SINK_REQUEST_LATENCY)
                .description("Time from sending a request to its response or failure, per attempt")
                .publishPercentileHistogram()
                .register(registry));
        endToEnd = keep(Timer.builder(E2E_LATENCY)
                .description("Time from a record's source timestamp to the endpoint's acknowledgement")
                .publishPercentileHistogram()
                .register(registry));
        stream = keep(Timer.builder(STREAM_LATENCY)
                .description("Time from a record's source timestamp to its hand-off to the sink: the stream's share of the end-to-end latency")
                .publishPercentileHistogram()
                .register(registry));
        batchRecords = keep(DistributionSummary.builder(SINK_BATCH_RECORDS)
                .description("Records per request")
                .baseUnit(UNIT_RECORDS)
                .publishPercentileHistogram()
                .register(registry));
        batchBytes = keep(DistributionSummary.builder(SINK_BATCH_BYTES)
                .description("Size of a request body before compression")
                .baseUnit(UNIT_BYTES)
                .register(registry));
        gauge(SINK_BUFFERED, gauges.buffered(), UNIT_RECORDS, "Records accepted by the sink and not yet settled");
        gauge(SINK_IN_FLIGHT, gauges.inFlight(), UNIT_REQUESTS, "HTTP requests in flight (a batch waiting to retry holds none)");
        gauge(SINK_CONCURRENCY_LIMIT, gauges.concurrencyLimit(), UNIT_REQUESTS,
                "The current limit on requests in flight (adaptive unless fixed)");
        gauge(SINK_PAUSED, gauges.paused(), null, "1 while the endpoint is down (sink state PAUSED), else 0");
        gauge(SINK_BUFFERED_BYTES, gauges.bufferedBytes(), UNIT_BYTES, "Bytes of the records accepted and not yet settled");
        gauge(SINK_BATCH_LIMIT, gauges.batchLimit(), UNIT_RECORDS,
                "The current limit on records per request (shrinks while answers near the response timeout)");
        gauge(SINK_UNSETTLED_LIMIT, gauges.unsettledLimit(), UNIT_RECORDS,
                "Unsettled records above which the app pauses its input: the delivery rate times --sink-max-unsettled-time");
        // One series per problem, 1 for the current one: bounded, and an alert can name the problem.
        for (EndpointProblem problem : EndpointProblem.values()) {
            if (problem != EndpointProblem.NONE) {
                keep(Gauge.builder(SINK_ENDPOINT_PROBLEM, () -> gauges.problem().get() == problem ? 1 : 0)
                        .description("1 while the sink diagnoses this problem with the endpoint, else 0")
                        .tag(TAG_PROBLEM, problem.tag)
                        .register(registry));
            }
        }
    }

    private Counter records(String outcome) {
        return keep(Counter.builder(SINK_RECORDS)
                .description("Records by outcome: delivered, dead_lettered, or retried (counted once per re-send)")
                .tag(TAG_OUTCOME, outcome)
                .register(registry));
    }

    private void gauge(String name, Supplier<Number> value, String unit, String description) {
        keep(Gauge.builder(name, value).description(description).baseUnit(unit).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /** A record was handed to the sink: its age is the stream's share of its latency. */
    void handedOver(SinkRecord record) {
        long age = System.currentTimeMillis() - record.sourceTimestamp();
        if (record.sourceTimestamp() > 0 && age >= 0) {
            stream.record(Duration.ofMillis(age));
        }
    }

    /** A batch was acknowledged: counts its records and their end-to-end latency. */
    void delivered(Batch batch) {
        delivered.increment(batch.size());
        long now = System.currentTimeMillis();
        for (Submission submission : batch.submissions()) {
            long sourceTimestamp = submission.record().sourceTimestamp();
            if (sourceTimestamp > 0 && sourceTimestamp <= now) {
                endToEnd.record(Duration.ofMillis(now - sourceTimestamp));
            }
        }
    }

    void deadLettered(int records, Outcome.Cause cause) {
        deadLettered.increment(records);
        deadLettersByCause.get(cause).increment(records);
    }

    void retried(int records) {
        retried.increment(records);
    }

    void batch(Batch batch) {
        batchRecords.record(batch.size());
        batchBytes.record(batch.encodedBytes());
    }

    /** One attempt ended with {@code status} (0 when no response came) after {@code nanos}. */
    void request(int status, boolean timedOut, long nanos) {
        requests.get(timedOut ? STATUS_TIMEOUT : statusClass(status)).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : STATUS_ERROR;
    }

    /** Removes the meters, so a closed sink leaves no gauge pointing at it. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
