package junction.load.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One row of a benchmark's per-second samples: an ordered map of column to value. The fixed
 * columns always come first (NaN when not measured); per-process columns
 * ({@code <name>_cpu}, {@code <name>_rss_mb}) and any extra ones follow in the order they were set.
 */
public final class BenchSample {

    public static final String ELAPSED = "elapsed_s";
    public static final String IN_PER_SEC = "in_per_s";
    public static final String JOINED_PER_SEC = "joined_per_s";
    public static final String DELIVERED_PER_SEC = "delivered_per_s";
    public static final String E2E_P50 = "e2e_p50_ms";
    public static final String E2E_P95 = "e2e_p95_ms";
    public static final String E2E_P99 = "e2e_p99_ms";
    public static final String E2E_MAX = "e2e_max_ms";
    public static final String LAG = "lag_records";
    /** 1 while a fault scenario's fault is in force, 0 otherwise; only in fault scenarios. */
    public static final String FAULT = "fault";

    public static final List<String> FIXED_COLUMNS = List.of(ELAPSED, IN_PER_SEC, JOINED_PER_SEC,
            DELIVERED_PER_SEC, E2E_P50, E2E_P95, E2E_P99, E2E_MAX, LAG);

    static final String CPU_SUFFIX = "_cpu";
    static final String INSTANCE_JOINED_SUFFIX = "_" + JOINED_PER_SEC;
    static final String INSTANCE_DELIVERED_SUFFIX = "_" + DELIVERED_PER_SEC;
    static final String RSS_SUFFIX = "_rss_mb";
    private static final Pattern COLUMN_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final Map<String, Double> values;

    private BenchSample(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Starts a row for the given number of seconds since the run began. */
    public static Builder at(double elapsedSeconds) {
        return new Builder(elapsedSeconds);
    }

    /** The CPU column of a process: its CPU use, 1.0 being one core busy. */
    public static String cpuColumn(String process) {
        return process + CPU_SUFFIX;
    }

    /** The RSS column of a process, in MiB. */
    public static String rssColumn(String process) {
        return process + RSS_SUFFIX;
    }

    /** Records one app instance joined per second (its own {@code /metrics}), e.g. {@code app_2_joined_per_s}. */
    public static String instanceJoinedColumn(String instance) {
        return instance + INSTANCE_JOINED_SUFFIX;
    }

    /** Records one app instance's sink delivered per second, e.g. {@code app_2_delivered_per_s}. */
    public static String instanceDeliveredColumn(String instance) {
        return instance + INSTANCE_DELIVERED_SUFFIX;
    }

    /** The value of a column, NaN if this row does not have it or did not measure it. */
    public double get(String column) {
        return values.getOrDefault(column, Double.NaN);
    }

    /** Column to value in column order. */
    public Map<String, Double> values() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Fills one row; setting a column twice keeps its first position and the last value. */
    public static final class Builder {

        private final Map<String, Double> values = new LinkedHashMap<>();

        private Builder(double elapsedSeconds) {
            FIXED_COLUMNS.forEach(column -> values.put(column, Double.NaN));
            values.put(ELAPSED, elapsedSeconds);
        }

        /** Records per second: produced to the inputs, joined by the app, delivered to the endpoint. */
        public Builder throughput(double in, double joined, double delivered) {
            values.put(IN_PER_SEC, in);
            values.put(JOINED_PER_SEC, joined);
            values.put(DELIVERED_PER_SEC, delivered);
            return this;
        }

        /** End-to-end latency of the records delivered in this second, in milliseconds. */
        public Builder latency(double p50, double p95, double p99, double max) {
            values.put(E2E_P50, p50);
            values.put(E2E_P95, p95);
            values.put(E2E_P99, p99);
            values.put(E2E_MAX, max);
            return this;
        }

        /** Records in the inputs not yet processed. */
        public Builder lag(double records) {
            values.put(LAG, records);
            return this;
        }

        /** CPU and RSS of a named process (lower case, digits and '_', e.g. "broker"). */
        public Builder process(String name, ProcessSampler.Usage usage) {
            column(cpuColumn(name), usage.cpu());
            return column(rssColumn(name), usage.rssBytes() / BYTES_PER_MB);
        }

        /** Every process of one {@link ProcessSampler#sample()}. */
        public Builder processes(Map<String, ProcessSampler.Usage> usage) {
            usage.forEach(this::process);
            return this;
        }

        /** Any other column, after the ones set before it. */
        public Builder column(String name, double value) {
            if (!COLUMN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a column name is lower case, digits and '_': " + name);
            }
            values.put(name, value);
            return this;
        }

        public BenchSample build() {
            return new BenchSample(new LinkedHashMap<>(values));
        }
    }
}
