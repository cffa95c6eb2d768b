package junction.metrics;

import static junction.metrics.MeterNames.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters the lead's sink and app register, registered the way MeterNames documents (with a
 * description: promtool rejects a metric without HELP text), for tests.
 */
final class PipelineMeters {

    final Counter joined;
    final Counter delivered;
    final Counter retried;
    final Counter deadLettered;
    final Counter requests2xx;
    final Counter requests5xx;
    final Counter deadLetters;
    final Timer requestLatency;
    final Timer e2e;
    final AtomicInteger buffered = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger concurrencyLimit = new AtomicInteger(8);

    PipelineMeters(MeterRegistry registry) {
        joined = Counter.builder(RECORDS_JOINED).description("d").register(registry);
        delivered = Counter.builder(SINK_RECORDS).description("d").tag(TAG_OUTCOME, OUTCOME_DELIVERED).register(registry);
        retried = Counter.builder(SINK_RECORDS).description("d").tag(TAG_OUTCOME, OUTCOME_RETRIED).register(registry);
        deadLettered = Counter.builder(SINK_RECORDS).description("d").tag(TAG_OUTCOME, OUTCOME_DEAD_LETTERED).register(registry);
        requests2xx = Counter.builder(SINK_REQUESTS).description("d").tag(TAG_STATUS, STATUS_2XX).register(registry);
        requests5xx = Counter.builder(SINK_REQUESTS).description("d").tag(TAG_STATUS, STATUS_5XX).register(registry);
        deadLetters = Counter.builder(DEAD_LETTERS).description("d").tag(TAG_REASON, "bad_record").register(registry);
        requestLatency = Timer.builder(SINK_REQUEST_LATENCY).description("d").register(registry);
        e2e = Timer.builder(E2E_LATENCY).description("d").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        Gauge.builder(SINK_BUFFERED, buffered, AtomicInteger::get).baseUnit(UNIT_RECORDS).description("d").register(registry);
        Gauge.builder(SINK_IN_FLIGHT, inFlight, AtomicInteger::get).baseUnit(UNIT_REQUESTS).description("d").register(registry);
        Gauge.builder(SINK_CONCURRENCY_LIMIT, concurrencyLimit, AtomicInteger::get).baseUnit(UNIT_REQUESTS).description("d")
                .register(registry);
        // The sink's and the app's delivery gauges, registered as they are there.
        Gauge.builder(MeterNames.SINK_BUFFERED_BYTES, buffered, AtomicInteger::get).baseUnit(MeterNames.UNIT_BYTES).description("d").register(registry);
        Gauge.builder(MeterNames.SINK_BATCH_LIMIT, buffered, AtomicInteger::get).baseUnit(UNIT_RECORDS).description("d").register(registry);
        Gauge.builder(MeterNames.SINK_UNSETTLED_LIMIT, buffered, AtomicInteger::get).baseUnit(UNIT_RECORDS).description("d").register(registry);
        Gauge.builder(MeterNames.SINK_ENDPOINT_PROBLEM, buffered, AtomicInteger::get).tag(MeterNames.TAG_PROBLEM, "slow").description("d").register(registry);
        Gauge.builder(MeterNames.INPUT_PAUSED, buffered, AtomicInteger::get).tag(MeterNames.TAG_CAUSE, "endpoint").description("d").register(registry);
        Gauge.builder(MeterNames.COMMIT_STALLED, buffered, AtomicInteger::get).baseUnit(MeterNames.UNIT_SECONDS).description("d").register(registry);
        Gauge.builder(MeterNames.COMMIT_LAG_SECONDS, buffered, AtomicInteger::get).baseUnit(MeterNames.UNIT_SECONDS).description("d").register(registry);
        Gauge.builder(MeterNames.COMMITTED_LAG_RECORDS, buffered, AtomicInteger::get).baseUnit(UNIT_RECORDS).description("d").register(registry);
    }
}
