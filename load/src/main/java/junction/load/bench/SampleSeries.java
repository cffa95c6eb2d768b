package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of one run, in order. Rows may differ in their columns (a process started late, or
 * an extra figure); the series' columns are the fixed ones, then the others in the order they
 * first appeared. Safe to fill from a sampling thread while another reads.
 */
public final class SampleSeries {

    /** Decimals kept in the CSV: enough for CPU fractions, short for counts. */
    private static final int CSV_DECIMALS = 3;

    private final List<BenchSample> rows = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>(BenchSample.FIXED_COLUMNS);

    public synchronized void add(BenchSample sample) {
        rows.add(sample);
        columns.addAll(sample.values().keySet());
    }

    public synchronized List<BenchSample> rows() {
        return List.copyOf(rows);
    }

    public synchronized List<String> columns() {
        return List.copyOf(columns);
    }

    /** Names of the processes with CPU or RSS columns, in column order. */
    public synchronized List<String> processes() {
        Set<String> names = new LinkedHashSet<>();
        for (String column : columns) {
            if (column.endsWith(BenchSample.CPU_SUFFIX)) {
                names.add(column.substring(0, column.length() - BenchSample.CPU_SUFFIX.length()));
            } else if (column.endsWith(BenchSample.RSS_SUFFIX)) {
                names.add(column.substring(0, column.length() - BenchSample.RSS_SUFFIX.length()));
            }
        }
        return List.copyOf(names);
    }

    /** Names of the app instances with per-instance delivered columns, in column order. */
    public synchronized List<String> instances() {
        // The fixed delivered_per_s has no '_' before it, so it never ends with the suffix.
        return columns.stream().filter(c -> c.endsWith(BenchSample.INSTANCE_DELIVERED_SUFFIX))
                .map(c -> c.substring(0, c.length() - BenchSample.INSTANCE_DELIVERED_SUFFIX.length())).toList();
    }

    /** A column's values, one per row, NaN where a row lacks it. */
    public synchronized double[] column(String column) {
        return rows.stream().mapToDouble(row -> row.get(column)).toArray();
    }

    /** Writes a header of the column names and a line per row; an unmeasured value is an empty cell. */
    public void writeCsv(Path file) {
        List<String> header;
        List<BenchSample> snapshot;
        synchronized (this) {
            header = List.copyOf(columns);
            snapshot = List.copyOf(rows);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", header));
            out.write('\n');
            for (BenchSample row : snapshot) {
                List<String> cells = new ArrayList<>(header.size());
                for (String column : header) {
                    cells.add(format(row.get(column)));
                }
                out.write(String.join(",", cells));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return BigDecimal.valueOf(value).setScale(CSV_DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
