package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_PROCESS_CPU_USAGE;
import static junction.metrics.MeterNames.HOST_PROCESS_FILES_OPEN;
import static junction.metrics.MeterNames.HOST_PROCESS_RSS;
import static junction.metrics.MeterNames.UNIT_BYTES;
import static junction.metrics.MeterNames.UNIT_FILES;
import static junction.metrics.MeterNames.UNIT_RATIO;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import oshi.software.os.OSProcess;

/**
 * This process as the OS sees it: CPU share of the whole host (so it compares with the host CPU
 * usage), resident memory, open file descriptors.
 */
final class ProcessMetrics implements HostMeterGroup {

    private final OSProcess process;
    private final int logicalProcessors;
    private long previousCpuMillis;
    private long previousNanos;
    private volatile double cpuUsage = Double.NaN;
    private volatile double rss = Double.NaN;
    private volatile double openFiles = Double.NaN;

    ProcessMetrics(OSProcess process, int logicalProcessors) {
        this.process = process;
        this.logicalProcessors = logicalProcessors;
        this.previousCpuMillis = process.getKernelTime() + process.getUserTime();
        this.previousNanos = System.nanoTime();
    }

    @Override
    public void sample() {
        process.updateAttributes();
        long cpuMillis = process.getKernelTime() + process.getUserTime();
        long nanos = System.nanoTime();
        double wallMillis = (nanos - previousNanos) / 1e6;
        if (wallMillis > 0) {
            cpuUsage = Math.min(1, (cpuMillis - previousCpuMillis) / (wallMillis * logicalProcessors));
        }
        previousCpuMillis = cpuMillis;
        previousNanos = nanos;
        rss = process.getResidentMemory();
        long files = process.getOpenFiles();
        openFiles = files >= 0 ? files : Double.NaN;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        HostMeterGroup.gauge(registry, HOST_PROCESS_CPU_USAGE,
                "CPU time of this process since the last sample, as a share of all the host's CPUs", UNIT_RATIO,
                Tags.empty(), this, m -> m.cpuUsage);
        HostMeterGroup.gauge(registry, HOST_PROCESS_RSS, "Resident memory of this process", UNIT_BYTES, Tags.empty(),
                this, m -> m.rss);
        HostMeterGroup.gauge(registry, HOST_PROCESS_FILES_OPEN, "Open file descriptors of this process", UNIT_FILES,
                Tags.empty(), this, m -> m.openFiles);
    }
}
