package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSamplerTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void parsesCpuTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (my) app) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0 100 "
                + "5000000000 120000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcessSampler.parseCpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void tellsHotSpotsCompilerThreadsFromTheOthers() {
        String rest = " S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";

        assertThat(ProcessSampler.isCompilerThread("4243 (C2 CompilerThre)" + rest)).isTrue();
        assertThat(ProcessSampler.isCompilerThread("4244 (C1 CompilerThre)" + rest)).isTrue();
        assertThat(ProcessSampler.isCompilerThread("4245 (GC Thread#0)" + rest)).isFalse();
        assertThat(ProcessSampler.isCompilerThread("4246 (bench-full-1-)" + rest)).isFalse();
    }

    @Test
    void thisJvmsJitTimeIsPartOfItsCpuTime() {
        long pid = ProcessHandle.current().pid();

        long jit = ProcessSampler.jitTicks(pid).orElseThrow();
        long cpu = ProcessSampler.cpuTicks(pid).orElseThrow();

        assertThat(jit).isBetween(0L, cpu);
        assertThat(ProcessSampler.jitTicks(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void parsesRssFromStatus() {
        String status = "Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  204800 kB\nThreads:\t12\n";

        assertThat(ProcessSampler.parseRssBytes(status)).hasValue(204800L * 1024);
        assertThat(ProcessSampler.parseRssBytes("Name:\tzombie\nState:\tZ (zombie)\n")).isEmpty();
    }

    @Test
    void samplesThisProcess() {
        ProcessSampler sampler = new ProcessSampler().watch("self", ProcessHandle.current().pid());

        // Burn some CPU between samples until one shows it: any JVM uses well over a tick per poll.
        ProcessSampler.Usage usage = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> {
                    burnCpu();
                    return sampler.sample().get("self");
                }, u -> u.cpu() > 0);

        assertThat(usage.rssBytes()).isGreaterThan(16 * MIB);
        assertThat(usage.cpu()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors() + 0.5);
        assertThat(sampler.names()).containsExactly("self");
    }

    @Test
    void samplesABusyChildAndAGoneOneAsNaN() throws Exception {
        try (ChildProcess spinner = ChildProcess.start("spinner", ChildMain.class.getName(),
                ChildProcessTest.SMALL_JVM, List.of("spin"), dir.resolve("spin.log"))) {
            spinner.awaitLine(Pattern.compile("spinning"), ChildProcessTest.START_TIMEOUT);
            ProcessSampler sampler = new ProcessSampler()
                    .watch("self", ProcessHandle.current().pid())
                    .watch("spinner", spinner.pid());

            // A spinning thread is about one core; the machine is shared, so ask for a fair part of it.
            Map<String, ProcessSampler.Usage> sample = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(sampler::sample, s -> s.get("spinner").cpu() > 0.3);
            assertThat(sample).containsOnlyKeys("self", "spinner");
            assertThat(sample.get("spinner").rssBytes()).isGreaterThan(8 * MIB);
            assertThat(sample.get("spinner").cpu()).isLessThan(1.5);

            spinner.kill();

            ProcessSampler.Usage gone = sampler.sample().get("spinner");
            assertThat(gone.cpu()).isNaN();
            assertThat(gone.rssBytes()).isNaN();
            assertThat(sampler.sample().get("self").rssBytes()).isPositive();
        }
    }

    @Test
    void forgetsAProcess() {
        ProcessSampler sampler = new ProcessSampler().watch("a", ProcessHandle.current().pid())
                .watch("b", ProcessHandle.current().pid());

        sampler.forget("a");

        assertThat(sampler.sample()).containsOnlyKeys("b");
    }

    private static void burnCpu() {
        long end = System.nanoTime() + Duration.ofMillis(50).toNanos();
        double x = 1;
        while (System.nanoTime() < end) {
            x = Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
    }
}
