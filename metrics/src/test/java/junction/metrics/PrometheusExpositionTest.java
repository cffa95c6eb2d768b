package junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import junction.metrics.host.HostMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real scrape, checked by promtool where installed, and the dashboard's queries against it. */
class PrometheusExpositionTest {

    private static final Path DASHBOARD = Path.of("grafana/dashboards/junction.json");
    /** Metric names in PromQL: identifiers followed by a selector or a range. */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{");

    private final JunctionRegistry registry = new JunctionRegistry();
    private final HostMetrics host = new HostMetrics(registry.registry(), Duration.ofHours(1));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        host.close();
        registry.close();
    }

    @Test
    void scrapeHasJvmAndHostMetersWithHelp() {
        String scrape = registry.scrape();

        assertThat(scrape).contains("# HELP jvm_memory_used_bytes", "# HELP jvm_gc_", "# HELP jvm_threads_live_threads",
                "# HELP jvm_classes_loaded_classes", "# HELP system_cpu_count", "# HELP process_uptime_seconds",
                "# HELP process_files_open_files", "# HELP junction_host_cpu_usage_ratio",
                "# HELP junction_host_memory_size_bytes", "# HELP junction_host_filesystem_available_bytes",
                "# HELP junction_host_process_rss_bytes", "# HELP junction_host_sample_duration_seconds");
        assertThat(scrape).contains("application=\"junction\"").doesNotContain("node_");
    }

    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        requirePromtool("promtoolAcceptsTheScrape");
        new PipelineMeters(registry.registry());

        Result result = run(registry.scrape(), "promtool", "check", "metrics");

        // Two standard Micrometer JVM names break promtool's naming lint; nothing of ours may.
        assertThat(result.output().lines())
                .filteredOn(line -> !line.startsWith("process_cpu_time_ns_total ") && !line.startsWith("system_cpu_count "))
                .isEmpty();
        assertThat(result.output()).contains("process_cpu_time_ns_total");
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        requirePromtool("everyDashboardQueryIsValidPromQl");
        List<DashboardQueries.Query> queries = DashboardQueries.read(DASHBOARD);
        assertThat(queries).hasSizeGreaterThan(30);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i).resolve(".*", Duration.ofMinutes(1)).replace("'", "''");
            rules.append("      - record: dashboard_query_").append(i).append("\n        expr: '").append(expr)
                    .append("'\n");
        }
        Path file = dir.resolve("dashboard_rules.yml");
        Files.writeString(file, rules);

        Result result = run("", "promtool", "check", "rules", file.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyJunctionAndJvmMetricOnTheDashboardIsScraped() throws Exception {
        new PipelineMeters(registry.registry());
        new ConsumerLag(registry.registry()).register();
        String scrape = registry.scrape();

        for (DashboardQueries.Query query : DashboardQueries.read(DASHBOARD)) {
            Matcher names = METRIC.matcher(query.expr());
            while (names.find()) {
                String name = names.group(1);
                // kafka_* need a running streams client, the cgroup ones a container with limits,
                // jvm_gc_pause a garbage collection first.
                if (name.startsWith("kafka_") || name.contains("cgroup") || name.startsWith("jvm_gc_pause")) {
                    continue;
                }
                assertThat(scrape).as(query.panel() + ": " + name).containsPattern("(?m)^" + name + "\\{");
            }
        }
    }

    /** Skips the test without promtool, with one line saying so: `mvn verify` passes on a machine with only Java. */
    private static void requirePromtool(String test) {
        boolean installed = promtoolInstalled();
        if (!installed) {
            System.err.println("SKIPPED PrometheusExpositionTest." + test + ": no promtool on the PATH;"
                    + " apt-get install prometheus runs it");
        }
        assumeTrue(installed, "promtool is not installed (apt-get install prometheus): skipped");
    }

    private static boolean promtoolInstalled() {
        try {
            return run("", "promtool", "--version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String stdin, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroy();
        }
    }
}
