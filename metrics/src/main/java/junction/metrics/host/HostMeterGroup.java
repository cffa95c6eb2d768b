package junction.metrics.host;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * One group of host meters. {@link #sample()} reads the OS into plain fields on the sampling
 * thread; the meters only read those fields, so a scrape never touches the OS.
 */
interface HostMeterGroup extends MeterBinder {

    /** Reads the OS once; called on the schedule of {@link HostMetrics}. */
    void sample();

    /** A gauge that holds its object strongly: the fields it reads belong to the group. */
    static <T> void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
            T holder, ToDoubleFunction<T> value) {
        Gauge.builder(name, holder, value).description(description).baseUnit(unit).tags(tags)
                .strongReference(true).register(registry);
    }

    /** A counter over a cumulative OS value; the caller keeps {@code holder} referenced. */
    static <T> void counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
            T holder, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, holder, value).description(description).baseUnit(unit).tags(tags)
                .register(registry);
    }
}
