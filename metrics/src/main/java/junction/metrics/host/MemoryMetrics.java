package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_CGROUP_MEMORY_LIMIT;
import static junction.metrics.MeterNames.HOST_MEMORY_AVAILABLE;
import static junction.metrics.MeterNames.HOST_MEMORY_SIZE;
import static junction.metrics.MeterNames.HOST_SWAP_SIZE;
import static junction.metrics.MeterNames.HOST_SWAP_USED;
import static junction.metrics.MeterNames.UNIT_BYTES;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/** Host memory and swap, and the cgroup memory limit when there is one. */
final class MemoryMetrics implements HostMeterGroup {

    private final GlobalMemory memory;
    private final CgroupLimits cgroup;
    private final boolean limited;
    private volatile double total = Double.NaN;
    private volatile double available = Double.NaN;
    private volatile double swapTotal = Double.NaN;
    private volatile double swapUsed = Double.NaN;
    private volatile double memoryLimit = Double.NaN;

    MemoryMetrics(GlobalMemory memory, CgroupLimits cgroup) {
        this.memory = memory;
        this.cgroup = cgroup;
        this.limited = cgroup.memoryLimitBytes().isPresent();
    }

    @Override
    public void sample() {
        total = memory.getTotal();
        available = memory.getAvailable();
        VirtualMemory swap = memory.getVirtualMemory();
        swapTotal = swap.getSwapTotal();
        swapUsed = swap.getSwapUsed();
        if (limited) {
            memoryLimit = cgroup.memoryLimitBytes().orElse(Double.NaN);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        HostMeterGroup.gauge(registry, HOST_MEMORY_SIZE, "Physical memory of the host", UNIT_BYTES, Tags.empty(),
                this, m -> m.total);
        HostMeterGroup.gauge(registry, HOST_MEMORY_AVAILABLE,
                "Memory available to new work without swapping (includes reclaimable cache)", UNIT_BYTES,
                Tags.empty(), this, m -> m.available);
        HostMeterGroup.gauge(registry, HOST_SWAP_SIZE, "Swap space of the host", UNIT_BYTES, Tags.empty(), this,
                m -> m.swapTotal);
        HostMeterGroup.gauge(registry, HOST_SWAP_USED, "Swap space in use", UNIT_BYTES, Tags.empty(), this,
                m -> m.swapUsed);
        if (limited) {
            HostMeterGroup.gauge(registry, HOST_CGROUP_MEMORY_LIMIT, "Memory limit of the container's cgroup",
                    UNIT_BYTES, Tags.empty(), this, m -> m.memoryLimit);
        }
    }
}
