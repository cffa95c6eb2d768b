package junction.metrics.host;

import static junction.metrics.MeterNames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final HostMetrics host = new HostMetrics(registry, Duration.ofHours(1));

    @AfterEach
    void close() {
        host.close();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void valuesAreSane() {
        host.sample();

        assertThat(gauge(HOST_MEMORY_SIZE)).isPositive();
        assertThat(gauge(HOST_MEMORY_AVAILABLE)).isPositive().isLessThanOrEqualTo(gauge(HOST_MEMORY_SIZE));
        assertThat(gauge(HOST_CPU_USAGE)).isBetween(0.0, 1.0);
        assertThat(gauge(HOST_CPU_LOGICAL)).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(HOST_LOAD).tag(TAG_WINDOW, "1m").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(gauge(HOST_PROCESS_CPU_USAGE)).isBetween(0.0, 1.0);
        assertThat(gauge(HOST_PROCESS_RSS)).isGreaterThan(10_000_000);
        assertThat(gauge(HOST_PROCESS_FILES_OPEN)).isPositive();
        assertThat(registry.get(HOST_FILESYSTEM_SIZE).gauges()).isNotEmpty()
                .hasSizeLessThanOrEqualTo(DiskMetrics.MAX_MOUNTS)
                .allSatisfy(g -> assertThat(g.value()).isPositive());
        assertThat(registry.find(HOST_NETWORK_RECEIVED).tag(TAG_INTERFACE, "lo").functionCounter()).isNull();
    }

    @Test
    void everyHostMeterIsDescribedAndHasABaseUnit() {
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("junction.host."))
                .isNotEmpty()
                .allSatisfy(m -> {
                    assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
                    assertThat(m.getId().getBaseUnit()).as(m.getId().getName()).isNotBlank();
                });
    }

    @Test
    void gaugesKeepTheirValuesAfterGarbageCollection() {
        System.gc();
        assertThat(registry.get(HOST_MEMORY_SIZE).gauges()).extracting(Gauge::value)
                .allSatisfy(v -> assertThat(v).isPositive());
    }

    @Test
    void measuresTheCostOfOneSample() {
        Timer timer = registry.get(HOST_SAMPLE_DURATION).timer();
        for (int i = 0; i < 200; i++) {
            host.sample();
        }
        long countBefore = timer.count();
        double totalBefore = timer.totalTime(TimeUnit.MILLISECONDS);
        for (int i = 0; i < 200; i++) {
            host.sample();
        }
        double warmMean = (timer.totalTime(TimeUnit.MILLISECONDS) - totalBefore) / (timer.count() - countBefore);
        System.out.printf("host sample: mean %.3f ms after warm-up (overall %.3f ms over %d samples, max %.3f ms)%n",
                warmMean, timer.mean(TimeUnit.MILLISECONDS), timer.count(), timer.max(TimeUnit.MILLISECONDS));
        assertThat(timer.count()).isEqualTo(401);
    }
}
