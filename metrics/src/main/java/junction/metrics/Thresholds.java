package junction.metrics;

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
}
