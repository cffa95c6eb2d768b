package junction.load.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A figure measured several times in one invocation (interleaved repetitions): its median, its
 * range and whether the range is too wide to trust the median. A benchmark reports
 * {@code name} (the median), {@code nameMin}, {@code nameMax} and {@code nameRuns} (each value in
 * run order), and a warning when the spread is wide.
 *
 * @param values the measurements in run order; NaN ones (not measured) are left out
 */
record Spread(List<Double> values) {

    /** Range over median above which the run says the figure does not hold still. */
    static final double TOO_WIDE = 0.25;

    Spread {
        values = values.stream().filter(v -> !Double.isNaN(v)).toList();
    }

    static Spread of(Collection<? extends Number> values) {
        return new Spread(values.stream().map(Number::doubleValue).toList());
    }

    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** (max - min) / median: 0 when every run agreed. */
    double relativeRange() {
        double median = median();
        return median == 0 || Double.isNaN(median) ? Double.NaN : (max() - min()) / Math.abs(median);
    }

    /** Fewer than three values, or a range wider than {@link #TOO_WIDE} of the median. */
    boolean tooWide() {
        double range = relativeRange();
        return values.size() < 3 || Double.isNaN(range) || range > TOO_WIDE;
    }

    /**
     * Puts the median under {@code name}, the range and the runs beside it, rounded to
     * {@code decimals}; adds a warning to {@code warnings} when the spread is too wide.
     */
    void putInto(Map<String, Object> figures, String name, int decimals, List<String> warnings) {
        figures.put(name, round(median(), decimals));
        figures.put(name + "Min", round(min(), decimals));
        figures.put(name + "Max", round(max(), decimals));
        figures.put(name + "Runs", values.stream().map(v -> round(v, decimals)).toList());
        if (tooWide()) {
            warnings.add(String.format(Locale.ROOT, "%s: %s over %d runs, too wide to trust the median",
                    name, values.size() < 3 ? "fewer than 3 values" : String.format(Locale.ROOT, "range %.0f%% of the median",
                            relativeRange() * 100), values.size()));
        }
    }

    private static Object round(double value, int decimals) {
        if (Double.isNaN(value)) {
            return null;
        }
        if (decimals == 0) {
            return Math.round(value);
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
