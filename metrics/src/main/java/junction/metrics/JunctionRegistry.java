package junction.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The one meter registry of a junction process: Prometheus (simpleclient flavour) with the JVM
 * binders bound and the application as a common tag. Unless asked for the detail, the Kafka
 * clients' meters are kept to those that do not grow with partitions and brokers
 * ({@link KafkaClientMeterFilter}).
 *
 * <p>No {@code instance} common tag on purpose: Prometheus sets {@code instance} from the scrape
 * target, and a scraped label of the same name would be renamed to {@code exported_instance}.
 */
public final class JunctionRegistry implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * @param kafkaDetail keep every Kafka client meter (per task, store, broker, topic and partition)
     * @param extraTags more common tags, e.g. a replica or zone name
     */
    public JunctionRegistry(String application, boolean kafkaDetail, Tag... extraTags) {
        List<Tag> tags = new ArrayList<>(List.of(extraTags));
        tags.add(Tag.of(MeterNames.TAG_APPLICATION, application));
        registry.config().commonTags(tags);
        if (!kafkaDetail) {
            // Before any binder: a filter added later would not reach meters already registered.
            registry.config().meterFilter(new KafkaClientMeterFilter());
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry of the application "junction"; {@code kafkaDetail} as in the full constructor. */
    public JunctionRegistry(boolean kafkaDetail) {
        this("junction", kafkaDetail);
    }

    public JunctionRegistry() {
        this(false);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition, format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
