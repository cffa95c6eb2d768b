package junction.metrics.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The memory and CPU limits of the container this process runs in, read from the cgroup file
 * system: cgroup v2 ({@code memory.max}, {@code cpu.max}) and, failing that, cgroup v1. Empty
 * when there is no limit or no cgroup file system.
 */
final class CgroupLimits {

    /** cgroup v1 reports "no limit" as a huge page-aligned number; nothing real comes near 2^60. */
    private static final double V1_UNLIMITED = Math.pow(2, 60);

    private final Path root;

    CgroupLimits(Path root) {
        this.root = root;
    }

    CgroupLimits() {
        this(Path.of("/sys/fs/cgroup"));
    }

    OptionalDouble memoryLimitBytes() {
        String v2 = read(root.resolve("memory.max"));
        if (v2 != null) {
            return v2.equals("max") ? OptionalDouble.empty() : parse(v2);
        }
        OptionalDouble v1 = parse(read(root.resolve("memory/memory.limit_in_bytes")));
        return v1.isPresent() && v1.getAsDouble() >= V1_UNLIMITED ? OptionalDouble.empty() : v1;
    }

    /** CPU quota in cores (quota / period), e.g. "200000 100000" is 2 cores. */
    OptionalDouble cpuLimitCores() {
        String v2 = read(root.resolve("cpu.max"));
        if (v2 != null) {
            String[] parts = v2.split("\\s+");
            return parts.length == 2 && !parts[0].equals("max") ? ratio(parse(parts[0]), parse(parts[1]))
                    : OptionalDouble.empty();
        }
        OptionalDouble quota = parse(read(root.resolve("cpu/cpu.cfs_quota_us")));
        return quota.isPresent() && quota.getAsDouble() > 0
                ? ratio(quota, parse(read(root.resolve("cpu/cpu.cfs_period_us"))))
                : OptionalDouble.empty();
    }

    private static OptionalDouble ratio(OptionalDouble quota, OptionalDouble period) {
        return quota.isPresent() && period.isPresent() && period.getAsDouble() > 0
                ? OptionalDouble.of(quota.getAsDouble() / period.getAsDouble())
                : OptionalDouble.empty();
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static OptionalDouble parse(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
