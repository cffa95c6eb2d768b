package junction.load.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import junction.cli.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A load test as named steps run one after another, each at its own update rate for its own
 * time; written {@code light:500:30s,normal:2000:60s} on the command line.
 */
public record LoadPlan(List<Step> steps) {

    public static final String DEFAULT_STEPS = "light:500:30s,normal:2000:60s,peak:5000:30s,stress:10000:30s";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String USAGE = "use NAME:RATE:DURATION[,...], e.g. " + DEFAULT_STEPS;

    /** A step: updates at {@code rate} per second for {@code duration}. */
    public record Step(String name, double rate, Duration duration) {

        public Step {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be a positive number, was " + rate);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, was " + Durations.format(duration));
            }
        }

        /** How many updates the step sends if it keeps its rate. */
        public long expectedCount() {
            return (long) Math.ceil(rate * duration.toNanos() / 1e9);
        }
    }

    public LoadPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a load plan needs at least one step");
        }
    }

    /** A single step named "constant". */
    public static LoadPlan constant(double rate, Duration duration) {
        return new LoadPlan(List.of(new Step("constant", rate, duration)));
    }

    public static LoadPlan parseSteps(String text) {
        List<Step> steps = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String[] fields = part.trim().split(":", -1);
            if (fields.length != 3 || !NAME.matcher(fields[0]).matches()) {
                throw new TypeConversionException("'" + part.trim() + "' is not a step (" + USAGE + ")");
            }
            String name = fields[0];
            double rate;
            try {
                rate = Double.parseDouble(fields[1]);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("step '" + name + "': rate '" + fields[1] + "' is not a number");
            }
            try {
                steps.add(new Step(name, rate, Durations.parse(fields[2])));
            } catch (IllegalArgumentException | TypeConversionException e) {
                throw new TypeConversionException("step '" + name + "': " + e.getMessage());
            }
        }
        return new LoadPlan(steps);
    }

    /** Picocli reads {@code --steps} with this. */
    public static final class Converter implements ITypeConverter<LoadPlan> {
        @Override
        public LoadPlan convert(String value) {
            return parseSteps(value);
        }
    }
}
