package junction.metrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Samples as CSV (header = the record's component names) or as a JSON array. */
public enum SampleFormat {
    CSV("text/csv; charset=utf-8"),
    JSON("application/json");

    private static final RecordComponent[] COLUMNS = PipelineSample.class.getRecordComponents();

    private final String contentType;

    SampleFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** CSV or JSON by name, case-insensitive; JSON when absent. */
    public static SampleFormat parse(String name) {
        return name == null || name.isBlank() ? JSON : valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }

    public String render(List<PipelineSample> samples) {
        if (this == JSON) {
            return Json.write(samples);
        }
        StringBuilder csv = new StringBuilder();
        csv.append(Arrays.stream(COLUMNS).map(RecordComponent::getName).collect(Collectors.joining(","))).append('\n');
        for (PipelineSample sample : samples) {
            csv.append(Arrays.stream(COLUMNS).map(c -> cell(c, sample)).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    /** Empty for NaN so spreadsheets and pandas read a missing value. */
    private static String cell(RecordComponent column, PipelineSample sample) {
        try {
            Object value = column.getAccessor().invoke(sample);
            return value instanceof Double d && d.isNaN() ? "" : String.valueOf(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("PipelineSample." + column.getName(), e);
        }
    }
}
