package junction.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;

/**
 * Keeps the Kafka clients' meters to those whose count does not grow with the cluster: the
 * per-client and per-thread ones. Kafka's per-task, per-store, per-processor, per-node (broker
 * connection), per-topic and per-partition meters are denied, except the two the dashboard, the
 * alerts and {@link ConsumerLag} read. Without it one instance with six partitions scraped 3,724
 * series (2,520 of them per task), and the count rises with every partition an instance is given.
 *
 * <p>Denied meters are never registered (a no-op meter stands in), so they cost nothing. An
 * operator chasing one task or broker asks for all of them with {@code --metrics-detail}.
 */
public final class KafkaClientMeterFilter implements MeterFilter {

    private static final String KAFKA_PREFIX = "kafka.";
    /**
     * Tag keys as Micrometer's Kafka binder names them (Kafka's with '-' made '.': {@code task-id}
     * becomes {@code task.id}): each multiplies a meter by a count that grows with the deployment.
     */
    static final Set<String> FAN_OUT_TAGS = Set.of("task.id", "processor.node.id", "rocksdb.state.id",
            "in.memory.state.id", "rocksdb.window.state.id", "rocksdb.session.state.id", "record.cache.id",
            "node.id", "topic", "partition");
    /** Per-topic or per-partition, but needed: the lag panel (per partition), the lag gauges and the consumed-rate panel. */
    static final Set<String> KEPT = Set.of(MeterNames.CONSUMER_RECORDS_LAG, MeterNames.CONSUMER_RECORDS_CONSUMED_RATE);

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!id.getName().startsWith(KAFKA_PREFIX) || KEPT.contains(id.getName())) {
            return MeterFilterReply.NEUTRAL;
        }
        boolean fansOut = id.getTags().stream().anyMatch(tag -> FAN_OUT_TAGS.contains(tag.getKey()));
        return fansOut ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }
}
