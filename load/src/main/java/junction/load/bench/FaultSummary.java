package junction.load.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import junction.load.VerificationReport;
import junction.model.JsonSerde;

/**
 * The summary of {@code bench --scenario all}: one row per fault scenario (missing, stale,
 * duplicates, dead-lettered against expected, recovery time, verdict), written as
 * {@value #TABLE_FILE} and {@value #JSON_FILE} into the run's folder and printed as a table and
 * as the final JSON line.
 */
final class FaultSummary {

    static final String TABLE_FILE = "summary.md";
    static final String JSON_FILE = "summary.json";

    /**
     * One scenario's row; counts are null when the scenario failed before it could verify.
     *
     * @param lostEvents merged records neither received nor dead-lettered ({@link junction.load.EventAccount})
     * @param supersededEvents merged records replaced by a later version after re-processing
     * @param deadLettered records in the dead-letter topic
     * @param deadLetteredExpected malformed records injected, all of which should be there
     * @param recoverySeconds from the fault's end to the lag back under the threshold
     * @param error why the scenario failed, if it did
     * @param longestCommitGapSeconds longest time committed offsets stood still while there was lag
     */
    record Row(String scenario, boolean verified, Long missing, Long stale, Long duplicates, Long lostEvents,
               Long supersededEvents, Long deadLettered, Long deadLetteredExpected, Double recoverySeconds, String report,
               String error, Double longestCommitGapSeconds) {
    }

    private final List<Row> rows;

    private FaultSummary(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    static FaultSummary of(List<BenchCommand.Run> runs) {
        List<Row> rows = new ArrayList<>();
        for (BenchCommand.Run run : runs) {
            VerificationReport v = run.outcome().verification();
            Map<String, Object> figures = run.outcome().figures();
            Object error = figures.get(BenchCommand.ERROR_FIGURE);
            rows.add(new Row(run.scenario(), run.verified(),
                    v == null ? null : v.missing(), v == null ? null : v.stale(), v == null ? null : v.duplicates(),
                    v == null || v.events() == null ? null : v.lostEvents(),
                    v == null || v.events() == null ? null : v.supersededEvents(),
                    number(figures.get("deadLettered")), number(figures.get("deadLetteredExpected")),
                    decimal(figures.get("recoverySeconds")),
                    run.folder().toString(), error == null ? null : error.toString(),
                    decimal(figures.get("longestCommitGapSeconds"))));
        }
        return new FaultSummary(rows);
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    List<Row> rows() {
        return rows;
    }

    boolean verified() {
        return !rows.isEmpty() && rows.stream().allMatch(Row::verified);
    }

    /** The rows as a Markdown table, a line each. */
    String table() {
        StringBuilder table = new StringBuilder(
                "| scenario | missing | stale | duplicates | lostEvents | supersededEvents | dead-lettered (expected) | recovery (s) | longest commit gap (s) | verified |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s |%n", row.scenario(),
                    shown(row.missing()), shown(row.stale()), shown(row.duplicates()), shown(row.lostEvents()),
                    shown(row.supersededEvents()), shown(row.deadLettered()),
                    shown(row.deadLetteredExpected()), shown(row.recoverySeconds()), shown(row.longestCommitGapSeconds()),
                    row.verified() ? "yes" : row.error() == null ? "NO" : "NO (" + row.error() + ")"));
        }
        return table.toString();
    }

    private static String shown(Long value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String shown(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Double decimal(Object figure) {
        return figure instanceof Number n ? n.doubleValue() : null;
    }

    /** The final JSON line: every row and the overall verdict. */
    String line(Path folder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", BenchCommand.ALL);
        json.put("scenarios", rows);
        json.put("verified", verified());
        json.put("report", folder.toString());
        try {
            return JsonSerde.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rows of numbers and strings always serialize", e);
        }
    }

    /** Writes the table and the rows as JSON into the folder. */
    void write(Path folder) {
        try {
            Files.writeString(folder.resolve(TABLE_FILE), "# junction bench: fault scenarios\n\n" + table(),
                    StandardCharsets.UTF_8);
            JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(JSON_FILE).toFile(),
                    Map.of("scenarios", rows, "verified", verified()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary into " + folder, e);
        }
    }
}
