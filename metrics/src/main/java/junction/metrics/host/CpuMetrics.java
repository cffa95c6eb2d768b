package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_CGROUP_CPU_LIMIT;
import static junction.metrics.MeterNames.HOST_CPU_LOGICAL;
import static junction.metrics.MeterNames.HOST_CPU_USAGE;
import static junction.metrics.MeterNames.HOST_LOAD;
import static junction.metrics.MeterNames.TAG_WINDOW;
import static junction.metrics.MeterNames.UNIT_CORES;
import static junction.metrics.MeterNames.UNIT_RATIO;
import static junction.metrics.MeterNames.UNIT_TASKS;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import oshi.hardware.CentralProcessor;

/** Host CPU: usage ratio between two samples, load averages, logical CPUs and the cgroup quota. */
final class CpuMetrics implements HostMeterGroup {

    private static final String[] LOAD_WINDOWS = {"1m", "5m", "15m"};

    private final CentralProcessor processor;
    private final CgroupLimits cgroup;
    private final boolean limited;
    private long[] previousTicks;
    private volatile double usage = Double.NaN;
    private volatile double[] load = {Double.NaN, Double.NaN, Double.NaN};
    private volatile double cpuLimit = Double.NaN;

    CpuMetrics(CentralProcessor processor, CgroupLimits cgroup) {
        this.processor = processor;
        this.cgroup = cgroup;
        this.limited = cgroup.cpuLimitCores().isPresent();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    @Override
    public void sample() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        usage = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = ticks;
        load = processor.getSystemLoadAverage(3);
        if (limited) {
            cpuLimit = cgroup.cpuLimitCores().orElse(Double.NaN);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        HostMeterGroup.gauge(registry, HOST_CPU_USAGE, "Share of the host's CPU time spent busy since the last sample",
                UNIT_RATIO, Tags.empty(), this, m -> m.usage);
        HostMeterGroup.gauge(registry, HOST_CPU_LOGICAL, "Logical processors of the host", UNIT_CORES, Tags.empty(),
                processor, p -> p.getLogicalProcessorCount());
        for (int i = 0; i < LOAD_WINDOWS.length; i++) {
            int index = i;
            HostMeterGroup.gauge(registry, HOST_LOAD, "Host load average (runnable and waiting tasks)", UNIT_TASKS,
                    Tags.of(TAG_WINDOW, LOAD_WINDOWS[i]), this, m -> loadAt(m.load, index));
        }
        if (limited) {
            HostMeterGroup.gauge(registry, HOST_CGROUP_CPU_LIMIT, "CPU quota of the container's cgroup", UNIT_CORES,
                    Tags.empty(), this, m -> m.cpuLimit);
        }
    }

    /** OSHI returns negative values where the OS has no load average. */
    private static double loadAt(double[] load, int index) {
        return load.length > index && load[index] >= 0 ? load[index] : Double.NaN;
    }
}
