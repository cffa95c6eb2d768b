package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_SAMPLE_DURATION;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import junction.metrics.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * Host metrics from OSHI ({@code junction_host_*}): CPU, memory, disk, network and this process,
 * sampled by a daemon thread on a fixed schedule so that scrapes only read fields. The cost of
 * each sample is kept in the timer {@code junction.host.sample.duration}.
 */
public final class HostMetrics implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(HostMetrics.class);

    private final List<HostMeterGroup> groups;
    private final Timer sampleDuration;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("junction-host-metrics");

    /** Binds the host meters to {@code registry}, samples once at once, then every {@code interval}. */
    public HostMetrics(MeterRegistry registry, Duration interval) {
        SystemInfo system = new SystemInfo();
        HardwareAbstractionLayer hardware = system.getHardware();
        OperatingSystem os = system.getOperatingSystem();
        CgroupLimits cgroup = new CgroupLimits();
        this.groups = List.of(
                new CpuMetrics(hardware.getProcessor(), cgroup),
                new MemoryMetrics(hardware.getMemory(), cgroup),
                new DiskMetrics(os.getFileSystem(), hardware.getDiskStores()),
                new NetworkMetrics(hardware.getNetworkIFs(false)),
                new ProcessMetrics(os.getCurrentProcess(), hardware.getProcessor().getLogicalProcessorCount()));
        this.sampleDuration = Timer.builder(HOST_SAMPLE_DURATION)
                .description("Time to read all host metrics from the OS once")
                .register(registry);
        sample();
        groups.forEach(group -> group.bindTo(registry));
        long millis = interval.toMillis();
        scheduler.scheduleAtFixedRate(this::sample, millis, millis, TimeUnit.MILLISECONDS);
    }

    public HostMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_INTERVAL);
    }

    /** Reads the OS once into the gauges' fields (the schedule calls this too; serialised for the deltas). */
    public synchronized void sample() {
        sampleDuration.record(() -> {
            for (HostMeterGroup group : groups) {
                try {
                    group.sample();
                } catch (RuntimeException e) {
                    // One unreadable OS source must not stop the other groups or the schedule.
                    log.warn("Host sample of {} failed", group.getClass().getSimpleName(), e);
                }
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
