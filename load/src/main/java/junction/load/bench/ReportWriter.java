package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.model.JsonSerde;

/**
 * Writes a benchmark's report folder: {@code samples.csv}, one PNG chart per concern,
 * {@code report.json} (everything in {@link BenchReport}, the CSV's columns and the chart files)
 * and an {@code index.html} that shows them together.
 */
public final class ReportWriter {

    public static final String SAMPLES_CSV = "samples.csv";
    public static final String REPORT_JSON = "report.json";
    public static final String INDEX_HTML = "index.html";
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Where the samples are and how to read them, as {@code report.json} tells it. */
    private record SamplesFile(String file, int rows, List<String> columns) {
    }

    private ReportWriter() {
    }

    /** Creates {@code root/<scenario>-<yyyyMMdd-HHmmss>} for a run started at {@code start}, local time. */
    public static Path createFolder(Path root, String scenario, Instant start) {
        Path folder = root.resolve(scenario + "-" + FOLDER_TIME.format(start.atZone(ZoneId.systemDefault())));
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /** Writes the report files into an existing folder (one a run's child logs may already be in). */
    public static void write(Path folder, BenchReport report, SampleSeries samples) {
        samples.writeCsv(folder.resolve(SAMPLES_CSV));
        List<ReportCharts.Chart> charts = ReportCharts.render(samples, folder);
        try {
            JsonSerde.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValue(folder.resolve(REPORT_JSON).toFile(), json(report, samples, charts));
            Files.writeString(folder.resolve(INDEX_HTML), ReportPage.html(report, charts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + folder, e);
        }
    }

    private static Map<String, Object> json(BenchReport report, SampleSeries samples, List<ReportCharts.Chart> charts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", report.scenario());
        json.put("commandLine", report.commandLine());
        json.put("start", report.start().toString());
        json.put("end", report.end().toString());
        json.put("durationSeconds", report.duration().toMillis() / 1000.0);
        json.put("machine", report.machine());
        json.put("figures", report.figures());
        json.put("verification", report.verification());
        json.put("samples", new SamplesFile(SAMPLES_CSV, samples.rows().size(), samples.columns()));
        json.put("charts", charts.stream().map(ReportCharts.Chart::file).toList());
        return json;
    }
}
