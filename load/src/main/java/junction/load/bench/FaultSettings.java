package junction.load.bench;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The knobs of the fault scenarios, as given on the command line; the other scenarios ignore them.
 *
 * @param rate updates per second sent during the update phase, before, during and after the fault
 * @param faultAfter when the fault begins, counted from the first update
 * @param faultFor how long the fault lasts; null for the scenario's own default
 * @param recoveryLag the committed lag at or under which the app counts as recovered; null for
 *     the level of lag before the fault ({@link FaultRecovery})
 * @param poisonShare share of the input records that are malformed while the poison scenario's fault lasts
 * @param poisonKinds the kinds of malformed records it sends, in turn
 * @param forgetfulEndpoint the endpoint applies last-writer-wins on version and remembers no event
 *     id (the default: what a real receiver does), rather than dropping ids it has seen
 */
public record FaultSettings(double rate, Duration faultAfter, Duration faultFor, Long recoveryLag,
                            double poisonShare, Set<PoisonKind> poisonKinds, boolean forgetfulEndpoint) {

    /** Updates per second when {@code --rate} is not given: modest, well under the join's ceiling here. */
    public static final double DEFAULT_RATE = 1000;
    public static final Duration DEFAULT_FAULT_AFTER = Duration.ofSeconds(10);
    public static final double DEFAULT_POISON_SHARE = 0.01;

    public FaultSettings {
        poisonKinds = poisonKinds == null || poisonKinds.isEmpty()
                ? Set.copyOf(EnumSet.allOf(PoisonKind.class)) : Set.copyOf(poisonKinds);
    }

    /** Against a forgetful endpoint. */
    public FaultSettings(double rate, Duration faultAfter, Duration faultFor, Long recoveryLag, double poisonShare,
            Set<PoisonKind> poisonKinds) {
        this(rate, faultAfter, faultFor, recoveryLag, poisonShare, poisonKinds, true);
    }

    /** The defaults, as a fault scenario runs without any of its flags. */
    public static FaultSettings defaults() {
        return new FaultSettings(DEFAULT_RATE, DEFAULT_FAULT_AFTER, null, null, DEFAULT_POISON_SHARE, null);
    }

    /** The fault's length: the one given, or the scenario's default. */
    Duration faultFor(Duration scenarioDefault) {
        return faultFor != null ? faultFor : scenarioDefault;
    }

    /** The first problem with these values as one line naming the option, or null. */
    String problem() {
        if (!(rate > 0)) {
            return "--rate must be above 0, was " + rate;
        }
        if (faultAfter.isNegative()) {
            return "--fault-after must not be negative";
        }
        if (faultFor != null && (faultFor.isNegative() || faultFor.isZero())) {
            return "--fault-for must be above 0";
        }
        if (recoveryLag != null && recoveryLag < 0) {
            return "--recovery-lag must not be negative, was " + recoveryLag;
        }
        if (!(poisonShare > 0 && poisonShare < 1)) {
            return "--poison-share must be above 0 and below 1, was " + poisonShare;
        }
        return null;
    }
}
