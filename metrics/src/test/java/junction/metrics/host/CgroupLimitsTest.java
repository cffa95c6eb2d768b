package junction.metrics.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLimitsTest {

    @TempDir
    Path root;

    @Test
    void readsCgroupV2Limits() throws Exception {
        Files.writeString(root.resolve("memory.max"), "536870912\n");
        Files.writeString(root.resolve("cpu.max"), "150000 100000\n");

        CgroupLimits limits = new CgroupLimits(root);

        assertThat(limits.memoryLimitBytes()).hasValue(536870912);
        assertThat(limits.cpuLimitCores()).hasValue(1.5);
    }

    @Test
    void unlimitedV2IsAbsent() throws Exception {
        Files.writeString(root.resolve("memory.max"), "max\n");
        Files.writeString(root.resolve("cpu.max"), "max 100000\n");

        CgroupLimits limits = new CgroupLimits(root);

        assertThat(limits.memoryLimitBytes()).isEmpty();
        assertThat(limits.cpuLimitCores()).isEmpty();
    }

    @Test
    void fallsBackToCgroupV1AndTreatsItsHugeValuesAsUnlimited() throws Exception {
        Files.createDirectories(root.resolve("memory"));
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "200000\n");
        Files.writeString(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");

        CgroupLimits limits = new CgroupLimits(root);

        assertThat(limits.memoryLimitBytes()).isEmpty();
        assertThat(limits.cpuLimitCores()).hasValue(2.0);
    }

    @Test
    void noCgroupFilesMeansNoLimits() {
        CgroupLimits limits = new CgroupLimits(root.resolve("absent"));

        assertThat(limits.memoryLimitBytes()).isEmpty();
        assertThat(limits.cpuLimitCores()).isEmpty();
    }
}
