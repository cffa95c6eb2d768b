package junction.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * Consumer lag of the streams client, read from the meters the Kafka Streams binder registers.
 *
 * <p>{@code records()} is the sum over every assigned partition of
 * {@code kafka.consumer.fetch.manager.records.lag} (the binder only yields it per partition, and
 * only once partitions are assigned). {@code seconds()} estimates how long draining takes:
 * <pre>  lag seconds = lag records / sum of kafka.consumer.fetch.manager.records.consumed.rate</pre>
 * where the rate is Kafka's own windowed rate (about the last 30 s). It is 0 without lag and
 * +Inf when there is lag but nothing is consumed: a stuck consumer never catches up.
 */
public final class ConsumerLag {

    private final MeterRegistry registry;

    public ConsumerLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers {@code junction.lag.records} and {@code junction.lag.seconds}. */
    public void register() {
        Gauge.builder(MeterNames.LAG_RECORDS, this, ConsumerLag::records)
                .description("Records behind the log end, summed over all assigned partitions")
                .baseUnit(MeterNames.UNIT_RECORDS)
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.LAG_SECONDS, this, ConsumerLag::seconds)
                .description("Estimated seconds to drain the lag: lag records / recent consume rate")
                .baseUnit(MeterNames.UNIT_SECONDS)
                .strongReference(true)
                .register(registry);
    }

    /** Total lag in records; 0 while no partition is assigned. */
    public double records() {
        return sum(registry.find(MeterNames.CONSUMER_RECORDS_LAG));
    }

    /** Records consumed per second, all consumers of the client together. */
    public double consumeRate() {
        return sum(registry.find(MeterNames.CONSUMER_RECORDS_CONSUMED_RATE));
    }

    public double seconds() {
        double lag = records();
        if (lag <= 0) {
            return 0;
        }
        double rate = consumeRate();
        return rate > 0 ? lag / rate : Double.POSITIVE_INFINITY;
    }

    /** Kafka reports NaN for a partition whose position is not known yet; it adds nothing. */
    private static double sum(Search search) {
        return search.gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
    }
}
