package junction.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The sink's meters, all under {@code junction.sink.}, with bounded tags only. */
final class SinkMetrics implements AutoCloseable {

    static final String PREFIX = "junction.sink.";
    static final String ERROR = "error";
    private static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", ERROR);

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter delivered;
    private final Counter deadLettered;
    private final Counter retried;
    private final Map<String, Counter> requests;
    private final Timer latency;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;

    SinkMetrics(MeterRegistry registry, Supplier<Number> bufferedRecords, Supplier<Number> inFlightRequests) {
        this.registry = registry;
        delivered = records("delivered");
        deadLettered = records("dead_lettered");
        retried = records("retried");
        requests = STATUS_CLASSES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                status -> keep(Counter.builder(PREFIX + "requests")
                        .description("HTTP requests to the analytics endpoint by status class (error: no response)")
                        .baseUnit("requests")
                        .tag("status", status)
                        .register(registry))));
        latency = keep(Timer.builder(PREFIX + "request.latency")
                .description("Time from sending a request to its response or failure, per attempt")
                .publishPercentileHistogram()
                .register(registry));
        batchRecords = keep(DistributionSummary.builder(PREFIX + "batch.records")
                .description("Records per request")
                .baseUnit("records")
                .publishPercentileHistogram()
                .register(registry));
        batchBytes = keep(DistributionSummary.builder(PREFIX + "batch.bytes")
                .description("Size of a request body before compression")
                .baseUnit("bytes")
                .register(registry));
        keep(Gauge.builder(PREFIX + "buffered.records", bufferedRecords)
                .description("Records accepted by the sink and not yet settled")
                .baseUnit("records")
                .register(registry));
        keep(Gauge.builder(PREFIX + "inflight.requests", inFlightRequests)
                .description("HTTP requests in flight, retries' waits included")
                .baseUnit("requests")
                .register(registry));
    }

    private Counter records(String outcome) {
        return keep(Counter.builder(PREFIX + "records")
                .description("Records by outcome: delivered, dead_lettered, or retried (counted once per re-send)")
                .baseUnit("records")
                .tag("outcome", outcome)
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    void delivered(int records) {
        delivered.increment(records);
    }

    void deadLettered(int records) {
        deadLettered.increment(records);
    }

    void retried(int records) {
        retried.increment(records);
    }

    void batch(Batch batch) {
        batchRecords.record(batch.size());
        batchBytes.record(batch.encodedBytes());
    }

    /** One attempt ended with {@code status} (0 when no response came) after {@code nanos}. */
    void request(int status, long nanos) {
        requests.get(statusClass(status)).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : ERROR;
    }

    /** Removes the meters, so a closed sink leaves no gauge pointing at it. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
