package junction.load.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.VerificationReport;

/**
 * What a benchmark run says about itself, apart from its samples: written by {@link ReportWriter}
 * into {@code report.json} and {@code index.html}.
 *
 * @param scenario the scenario's name, e.g. "steady"
 * @param commandLine how the run was started, to run it again
 * @param figures the headline numbers, in display order (name to number or text)
 * @param verification the verifier's verdict, null when the run was not verified
 */
public record BenchReport(
        String scenario,
        List<String> commandLine,
        Instant start,
        Instant end,
        Machine machine,
        Map<String, Object> figures,
        VerificationReport verification) {

    public BenchReport {
        commandLine = List.copyOf(commandLine);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** The machine a run was measured on: numbers mean little without it. */
    public record Machine(int cores, long memoryBytes, String javaVersion, String javaVm, String os) {

        /** This machine, as this JVM sees it. */
        public static Machine current() {
            long memory = ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
            return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                    System.getProperty("java.version"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
        }
    }
}
