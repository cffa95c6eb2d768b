package junction.load.replay;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How fast a replay goes relative to the records' own timestamps: {@code original} keeps the gaps
 * between them, {@code 2x} halves them, {@code 0.5x} doubles them, {@code max} sends without
 * waiting.
 *
 * @param factor gaps are divided by it; infinite for {@code max}
 */
public record Speed(double factor) {

    public static final Speed ORIGINAL = new Speed(1);
    public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

    private static final Pattern MULTIPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)x");

    public Speed {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed factor must be positive, was " + factor);
        }
    }

    public static Speed parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("original")) {
            return ORIGINAL;
        }
        if (value.equals("max")) {
            return MAX;
        }
        Matcher m = MULTIPLE.matcher(value);
        if (m.matches()) {
            double factor = Double.parseDouble(m.group(1));
            if (factor > 0 && Double.isFinite(factor)) {
                return new Speed(factor);
            }
        }
        throw new TypeConversionException("'" + text + "' is not a speed (use original, max or a multiple > 0 such as 2x or 0.5x)");
    }

    /** Whether records wait for their time at all. */
    public boolean paced() {
        return Double.isFinite(factor);
    }

    /**
     * How long after the first record a record {@code millisAfterFirst} later in event time is
     * due; a record older than the first is due at once.
     */
    public long dueNanos(long millisAfterFirst) {
        if (!paced() || millisAfterFirst <= 0) {
            return 0;
        }
        return (long) (millisAfterFirst * 1_000_000.0 / factor);
    }

    @Override
    public String toString() {
        if (!paced()) {
            return "max";
        }
        if (factor == 1) {
            return "original";
        }
        return (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor)) + "x";
    }

    /** Picocli reads {@code --speed} with this. */
    public static final class Converter implements ITypeConverter<Speed> {
        @Override
        public Speed convert(String value) {
            return parse(value);
        }
    }
}
