package junction.metrics;

import java.util.List;

/**
 * Warning and critical levels for the {@code /summary} signals, and the bottleneck thresholds.
 * {@link #DEFAULTS} suits a single replica at a few thousand records per second.
 */
public record Thresholds(
        Level throughputIn,
        Level deliveredShare,
        Level e2eP99Ms,
        Level errorRatio,
        Level lagSeconds,
        Level deadLettersPerMinute,
        Level hostCpu,
        Level hostMemory,
        BottleneckThresholds bottleneck) {

    /**
     * One signal's levels. {@code lowerIsWorse} for signals that should stay high (throughput);
     * a value equal to a level counts as reaching it.
     */
    public record Level(double warning, double critical, boolean lowerIsWorse) {

        public static Level above(double warning, double critical) {
            return new Level(warning, critical, false);
        }

        public static Level below(double warning, double critical) {
            return new Level(warning, critical, true);
        }

        public Status of(double value) {
            if (Double.isNaN(value)) {
                return Status.UNKNOWN;
            }
            if (lowerIsWorse ? value <= critical : value >= critical) {
                return Status.CRITICAL;
            }
            return (lowerIsWorse ? value <= warning : value >= warning) ? Status.WARNING : Status.OK;
        }
    }

    public static final Thresholds DEFAULTS = new Thresholds(
            // No expected minimum input by default: set one when traffic is known to be steady.
            Level.below(-1, -1),
            // Delivered / joined over 5 minutes: below 1 the sink falls behind the join.
            Level.below(0.9, 0.5),
            Level.above(1_000, 5_000),
            Level.above(0.01, 0.05),
            Level.above(30, 300),
            Level.above(1, 60),
            Level.above(0.8, 0.95),
            Level.above(0.85, 0.95),
            BottleneckThresholds.DEFAULTS);

    /** The names {@link #with} knows, as an operator writes them (e.g. {@code --threshold e2e-p99-ms=500:2000}). */
    public static final List<String> NAMES = List.of("throughput-in", "delivered-share", "e2e-p99-ms", "error-ratio",
            "lag-seconds", "dead-letters-per-minute", "host-cpu", "host-memory");

    /**
     * These thresholds with one signal's levels replaced; the direction (higher or lower is worse)
     * stays the signal's own.
     *
     * @throws IllegalArgumentException for an unknown name or levels in the wrong order
     */
    public Thresholds with(String name, double warning, double critical) {
        Level current = switch (name) {
            case "throughput-in" -> throughputIn;
            case "delivered-share" -> deliveredShare;
            case "e2e-p99-ms" -> e2eP99Ms;
            case "error-ratio" -> errorRatio;
            case "lag-seconds" -> lagSeconds;
            case "dead-letters-per-minute" -> deadLettersPerMinute;
            case "host-cpu" -> hostCpu;
            case "host-memory" -> hostMemory;
            default -> throw new IllegalArgumentException("unknown threshold '" + name + "'; one of " + String.join(", ", NAMES));
        };
        if (current.lowerIsWorse() ? critical > warning : critical < warning) {
            throw new IllegalArgumentException("threshold " + name + ": critical must be "
                    + (current.lowerIsWorse() ? "at most" : "at least") + " warning, was " + warning + ":" + critical);
        }
        Level level = new Level(warning, critical, current.lowerIsWorse());
        return new Thresholds(
                name.equals("throughput-in") ? level : throughputIn,
                name.equals("delivered-share") ? level : deliveredShare,
                name.equals("e2e-p99-ms") ? level : e2eP99Ms,
                name.equals("error-ratio") ? level : errorRatio,
                name.equals("lag-seconds") ? level : lagSeconds,
                name.equals("dead-letters-per-minute") ? level : deadLettersPerMinute,
                name.equals("host-cpu") ? level : hostCpu,
                name.equals("host-memory") ? level : hostMemory,
                bottleneck);
    }
}
