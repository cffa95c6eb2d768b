package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import junction.cli.CommandLines;
import junction.load.cli.Harness;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput scenario at a tiny size, through the same command a user runs: broker, endpoint
 * and two stream apps as child processes, a verified endpoint, and a complete report folder.
 */
@Tag("integration")
@Tag("long")
class BenchCommandTest {

    @TempDir
    Path out;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void throughputScenarioEndsVerifiedWithAFullReport() throws IOException {
        int exit = CommandLines.execute(new Harness(), new String[] {"bench", "--scenario", "throughput",
            "--customers", "1000", "--skus", "100", "--repetitions", "2", "--warmup-passes", "1", "--cold-passes", "2",
            "--timeout", "2m",
            "--out", out.toString()});

        assertThat(exit).as("exit code (0 only if verified)").isZero();
        Path folder = onlyFolder(out);
        assertThat(folder.getFileName().toString()).startsWith("throughput-");
        for (String file : List.of(ReportWriter.SAMPLES_CSV, ReportWriter.REPORT_JSON, ReportWriter.INDEX_HTML,
                "throughput.png", "latency.png", "lag.png", "cpu.png", "rss.png",
                "logs/broker.log", "logs/endpoint.log", "logs/app_bare.log", "logs/app_full.log", "logs/app_broker_warm_up.log",
                "logs/broker-gc.log", "logs/endpoint-gc.log", "logs/app_bare-gc.log", "logs/app_full-gc.log")) {
            assertThat(folder.resolve(file)).as(file).isNotEmptyFile();
        }

        JsonNode report = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        assertThat(report.get("verification").get("verified").asBoolean()).isTrue();
        assertThat(report.get("verification").get("expected").asLong()).isPositive();
        JsonNode figures = report.get("figures");
        assertThat(figures.get("inputRecords").asLong()).isEqualTo(1_100);
        assertThat(figures.get("bareCatchUpPerSec").asLong()).isPositive();
        assertThat(figures.get("fullCatchUpPerSec").asLong()).isPositive();
        // Each pair gives one ratio; the headline is their median, between the smallest and largest.
        JsonNode ratios = figures.get("sinkEfficiencyRuns");
        assertThat(ratios).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(ratios.get(i).asDouble()).isEqualTo(BenchFigures.ratio(
                    figures.get("fullCatchUpPerSecRuns").get(i).asLong(), figures.get("bareCatchUpPerSecRuns").get(i).asLong()),
                    org.assertj.core.data.Offset.offset(0.002));
        }
        assertThat(figures.get("sinkEfficiency").asDouble()).isBetween(figures.get("sinkEfficiencyMin").asDouble(),
                figures.get("sinkEfficiencyMax").asDouble());
        // A warm pass over so few records can merge its first one within the 0.1 s the figure rounds to.
        assertThat(figures.get("bareFirstMergedSeconds").isNumber()).as("a first merged record came").isTrue();
        assertThat(figures.get("bareFirstMergedSeconds").asDouble()).isNotNegative();
        // Each side started a JVM per cold pass (reported apart); the last went on with one pass to
        // warm up, then the measured ones, each with the JIT compilers' share of its CPU.
        for (String side : List.of("app_bare", "app_full")) {
            assertThat(Files.readAllLines(folder.resolve("logs/" + side + ".log"))).as(side + ": the first cold JVM")
                    .filteredOn(line -> line.equals(PassesCommand.STOPPED)).hasSize(1);
            assertThat(Files.readAllLines(folder.resolve("logs/" + side + "-2.log"))).as(side + ": the last JVM's passes")
                    .filteredOn(line -> line.equals(PassesCommand.STOPPED)).hasSize(4);
        }
        assertThat(figures.get("bareColdFirstMergedSecondsRuns")).hasSize(2);
        assertThat(figures.get("coldSinkEfficiencyRuns")).hasSize(2);
        assertThat(figures.get("warmupPasses").asInt()).isEqualTo(1);
        for (String share : List.of("bareJitShare", "fullJitShare", "fullAppJitShare", "fullBrokerJitShare")) {
            assertThat(figures.get(share).asDouble()).as(share).isBetween(0.0, 1.0);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(figures.get("coldSinkEfficiencyRuns").get(i).asDouble()).isEqualTo(BenchFigures.ratio(
                    figures.get("fullColdCatchUpPerSecRuns").get(i).asLong(), figures.get("bareColdCatchUpPerSecRuns").get(i).asLong()),
                    org.assertj.core.data.Offset.offset(0.002));
        }
        assertThat(figures.get("fullAppCpuSecondsPer1k").asDouble()).isPositive();
        // The cold passes came after a pass of their own had warmed the broker, and that pass is shown.
        assertThat(figures.get("brokerWarmUpCatchUpPerSec").asLong()).isPositive();
        assertThat(figures.get("deliveredRecords").asLong()).isGreaterThanOrEqualTo(report.get("verification").get("expected").asLong());

        List<String> csv = Files.readAllLines(folder.resolve(ReportWriter.SAMPLES_CSV));
        assertThat(csv.get(0)).contains(BenchSample.JOINED_PER_SEC, BenchSample.LAG, "app_bare_cpu", "app_full_rss_mb",
                "broker_cpu", "endpoint_cpu", "bench_cpu");
        assertThat(csv).hasSizeGreaterThan(5);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void joinScenarioComparesTheProfilesPassByPassAndVerifiesTheOutputTopic() throws IOException {
        int exit = CommandLines.execute(new Harness(), new String[] {"bench", "--scenario", "join",
            "--customers", "500", "--skus", "50", "--repetitions", "1", "--warmup-passes", "1", "--cold-passes", "2",
            "--timeout", "2m",
            "--out", out.toString()});

        assertThat(exit).as("exit code (0 only if verified)").isZero();
        Path folder = onlyFolder(out);
        for (String file : List.of("logs/app_baseline.log", "logs/app_tuned.log", "logs/app_broker_warm_up.log")) {
            assertThat(folder.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readString(folder.resolve("logs/app_tuned.log"))).contains("tuning = tuned");
        assertThat(Files.readString(folder.resolve("logs/app_baseline.log"))).contains("tuning = baseline");
        JsonNode report = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        assertThat(report.get("verification").get("verified").asBoolean()).isTrue();
        assertThat(report.get("verification").get("expected").asLong()).isPositive();
        JsonNode figures = report.get("figures");
        assertThat(figures.get("joinSpeedup").asDouble()).isEqualTo(BenchFigures.ratio(
                figures.get("tunedCatchUpPerSec").asLong(), figures.get("baselineCatchUpPerSec").asLong()),
                org.assertj.core.data.Offset.offset(0.002));
        // A warm pass over so few records can merge its first one within the 0.1 s the figure rounds to.
        assertThat(figures.get("tunedFirstMergedSeconds").isNumber()).as("a first merged record came").isTrue();
        assertThat(figures.get("tunedFirstMergedSeconds").asDouble()).isNotNegative();
        assertThat(figures.get("baselineStartupSeconds").asDouble()).isPositive();
        assertThat(figures.get("baselineProcessStartSeconds").asDouble()).isPositive();
        assertThat(figures.get("tunedColdCatchUpPerSec").asLong()).isPositive();
        assertThat(figures.get("brokerWarmUpCatchUpPerSec").asLong()).isPositive();
        assertThat(figures.get("coldJoinSpeedupRuns")).hasSize(2);
        assertThat(figures.get("tunedColdFirstMergedSecondsRuns")).hasSize(2);
        assertThat(figures.get("baselineProcessStartSecondsRuns")).hasSize(2);
        assertThat(figures.get("warmupPasses").asInt()).isEqualTo(1);
        assertThat(figures.get("tunedJitShare").asDouble()).isBetween(0.0, 1.0);
        // One pair cannot show a spread: the run says so rather than pass its ratio off as firm.
        assertThat(figures.get("warnings").toString()).contains("joinSpeedup");
    }

    private static Path onlyFolder(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> folders = entries.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }
}
