package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import junction.load.VerificationReport;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final double MIB = 1024 * 1024;
    private static final Instant START = LocalDateTime.of(2026, 3, 14, 15, 9, 26).atZone(ZoneId.systemDefault())
            .toInstant();
    private static final List<String> CHARTS = List.of("throughput.png", "latency.png", "lag.png", "cpu.png", "rss.png");

    @TempDir
    Path root;

    /**
     * A plausible two-minute run: ramp-up, steady load, the app killed at 60 s and back at 66 s
     * (its columns empty meanwhile, lag piling up), then catching up.
     */
    static SampleSeries aRun() {
        Random random = new Random(42);
        SampleSeries series = new SampleSeries();
        double lag = 0;
        for (int s = 1; s <= 120; s++) {
            double in = Math.min(5000, s * 500) + random.nextInt(200);
            boolean appDown = s > 60 && s <= 66;
            double delivered = appDown ? 0 : s > 66 && lag > 0 ? Math.min(9000, in + lag) : in - random.nextInt(50);
            lag = Math.max(0, lag + in - delivered);
            Map<String, ProcessSampler.Usage> processes = new LinkedHashMap<>();
            processes.put("broker", new ProcessSampler.Usage(0.35 + random.nextDouble() * 0.1, (300 + s) * MIB));
            processes.put("endpoint", new ProcessSampler.Usage(0.2 + random.nextDouble() * 0.05, 180 * MIB));
            processes.put("app", appDown ? new ProcessSampler.Usage(Double.NaN, Double.NaN)
                    : new ProcessSampler.Usage(0.8 + random.nextDouble() * 0.3, (s > 66 ? 350 : 420) * MIB));
            double p50 = appDown ? Double.NaN : 20 + lag / 100 + random.nextInt(5);
            series.add(BenchSample.at(s)
                    .throughput(in, appDown ? 0 : delivered, delivered)
                    .latency(p50, p50 * 2.5, p50 * 4, p50 * 6)
                    .lag(lag)
                    .processes(processes)
                    .build());
        }
        return series;
    }

    static BenchReport aReport(VerificationReport verification) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records in", 552_340);
        figures.put("delivered per second (mean)", 4602.75);
        figures.put("e2e p99 (ms)", 210);
        figures.put("app restarts", 1);
        figures.put("note", "app killed at 60 s <SIGKILL>");
        return new BenchReport("kill-app", List.of("./junction", "bench", "--scenario", "kill-app"),
                START, START.plusSeconds(121), BenchReport.Machine.current(), figures, verification);
    }

    @Test
    void createsAFolderNamedForTheScenarioAndStartTime() throws Exception {
        Path folder = ReportWriter.createFolder(root.resolve("bench"), "steady", START);

        assertThat(folder).isDirectory().hasFileName("steady-20260314-150926");
        assertThat(ReportWriter.createFolder(root.resolve("bench"), "steady", START)).isEqualTo(folder);
    }

    @Test
    void writesSamplesChartsJsonAndPage() throws Exception {
        Path folder = ReportWriter.createFolder(root, "kill-app", START);
        VerificationReport verified = new VerificationReport(1000, 1000, 0, 0, 0, 12, true, List.of());
        SampleSeries series = aRun();

        ReportWriter.write(folder, aReport(verified), series);

        List<String> csv = Files.readAllLines(folder.resolve(ReportWriter.SAMPLES_CSV));
        assertThat(csv).hasSize(121);
        assertThat(csv.get(0)).isEqualTo(String.join(",", series.columns()))
                .endsWith("lag_records,broker_cpu,broker_rss_mb,endpoint_cpu,endpoint_rss_mb,app_cpu,app_rss_mb");
        assertThat(csv.get(61)).startsWith("61,").endsWith(",,"); // app down: no CPU, no RSS

        JsonNode json = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        assertThat(json.get("scenario").asText()).isEqualTo("kill-app");
        assertThat(json.get("commandLine").get(3).asText()).isEqualTo("kill-app");
        assertThat(Instant.parse(json.get("start").asText())).isEqualTo(START);
        assertThat(json.get("durationSeconds").asDouble()).isEqualTo(121.0);
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("machine").get("memoryBytes").asLong()).isPositive();
        assertThat(json.get("machine").get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(json.get("figures").get("records in").asLong()).isEqualTo(552_340);
        assertThat(JsonSerde.MAPPER.treeToValue(json.get("verification"), VerificationReport.class)).isEqualTo(verified);
        assertThat(json.get("samples").get("file").asText()).isEqualTo("samples.csv");
        assertThat(json.get("samples").get("rows").asInt()).isEqualTo(120);
        List<String> columns = new ArrayList<>();
        json.get("samples").get("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).isEqualTo(series.columns());
        List<String> charts = new ArrayList<>();
        json.get("charts").forEach(c -> charts.add(c.asText()));
        assertThat(charts).isEqualTo(CHARTS);

        for (String chart : CHARTS) {
            BufferedImage image = ImageIO.read(folder.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1000);
            assertThat(image.getHeight()).isEqualTo(500);
        }

        String page = Files.readString(folder.resolve(ReportWriter.INDEX_HTML));
        assertThat(page).contains("class=\"verdict ok\">VERIFIED")
                .contains("<th>delivered per second (mean)</th><td class=\"num\">4,602.75</td>")
                .contains("app killed at 60 s &lt;SIGKILL&gt;")
                .contains("./junction bench --scenario kill-app")
                .contains("href=\"samples.csv\"");
        CHARTS.forEach(chart -> assertThat(page).contains("<img src=\"" + chart + "\""));
    }

    @Test
    void showsAFailedVerificationInRedWithItsExamples() throws Exception {
        Path folder = ReportWriter.createFolder(root, "broken", START);
        VerificationReport failed = new VerificationReport(10, 9, 1, 0, 0, 0, false, List.of("missing c7"));

        ReportWriter.write(folder, aReport(failed), aRun());

        assertThat(Files.readString(folder.resolve(ReportWriter.INDEX_HTML)))
                .contains("class=\"verdict failed\">VERIFICATION FAILED")
                .contains("missing 1")
                .contains("missing c7");
    }

    @Test
    void writesARunWithoutVerificationOrProcesses() throws Exception {
        Path folder = ReportWriter.createFolder(root, "bare", START);
        SampleSeries series = new SampleSeries();
        series.add(BenchSample.at(1).throughput(10, 10, 10).build());

        ReportWriter.write(folder, aReport(null), series);

        assertThat(JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile())
                .get("verification").isNull()).isTrue();
        assertThat(Files.readString(folder.resolve(ReportWriter.INDEX_HTML))).contains("NOT VERIFIED");
        assertThat(folder.resolve("cpu.png")).isNotEmptyFile();
    }

    @Test
    void displaysFiguresReadably() {
        assertThat(ReportPage.display(1234567)).isEqualTo("1,234,567");
        assertThat(ReportPage.display(0.125)).isEqualTo("0.12");
        assertThat(ReportPage.display("text")).isEqualTo("text");
    }
}
