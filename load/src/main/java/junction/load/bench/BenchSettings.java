package junction.load.bench;

import java.time.Duration;
import java.util.List;

/**
 * The size and knobs of one benchmark run, as given on the command line.
 *
 * @param duration how long a fixed-time phase runs (the baseline's, a steady load's)
 * @param timeout longest wait for one phase to finish (an app to reach zero lag)
 * @param appHeap the stream app's {@code -Xmx}, e.g. "1g"
 * @param appJvmOptions extra JVM options of every stream app, e.g. a JFR recording
 * @param appOptions extra {@code ./junction run} options of every stream app, e.g. a sink setting
 *     ({@code --app-option}) or a Kafka property ({@code --app-kafka}, given as {@code --kafka})
 * @param faults the fault scenarios' knobs
 * @param instances how many app instances the scale-out scenario grows to
 * @param repetitions how many times a comparing scenario runs each side, interleaved
 * @param warmupPasses how many unmeasured passes each side's warm JVM runs after its cold one and
 *     before the measured ones ({@code join}, {@code throughput})
 * @param coldPasses how many JVMs of each side start for a cold pass each, interleaved, before the
 *     last of them goes on to the warm passes ({@code join}, {@code throughput})
 */
public record BenchSettings(int customers, int skus, long seed, int partitions, Duration duration,
                            Duration timeout, String appHeap, Duration progressEvery, List<String> appJvmOptions,
                            List<String> appOptions, FaultSettings faults,
                            int instances, int repetitions, int warmupPasses, int coldPasses) {

    /**
     * Interleaved repetitions of each side of {@code join} and {@code throughput} when
     * {@code --repetitions} is not given. Five, not three: on the shared build machine the same
     * code ran up to 1.6 times slower for stretches of seconds (a stand-alone Jackson loop, 2026-12-07),
     * and single pairs of one {@code join} run ranged 0.63-1.18; a median of five stands one more
     * outlier on each side than a median of three. A pair takes about 20 s.
     */
    public static final int DEFAULT_REPETITIONS = 5;
    /** Like {@link #DEFAULT_REPETITIONS} for {@code latency} and {@code baseline}, which start a process per pass. */
    public static final int DEFAULT_PROCESS_PASS_REPETITIONS = 3;
    /**
     * Warm-up passes when {@code --warmup-passes} is not given. Measured on the 2-core build
     * machine (100k customers, a 10 s pass): the JIT compiler still took 40 % of the app's CPU in
     * the second pass of a JVM, a quarter in the third, a sixth in the fourth.
     */
    public static final int DEFAULT_WARMUP_PASSES = 4;
    /**
     * Cold passes of each side when {@code --cold-passes} is not given: one JVM start each. Three,
     * so that the cold figures (time to the first merged record after a deployment) are medians
     * too: single cold passes of the same profile ranged from 2.7 to 9.4 s to the first merged
     * record on 2026-12-07. A cold pass and its JVM's start take about 20 s.
     */
    public static final int DEFAULT_COLD_PASSES = 3;

    public BenchSettings {
        appJvmOptions = List.copyOf(appJvmOptions);
        appOptions = List.copyOf(appOptions);
    }

    /** Settings with the default numbers of repetitions, warm-up passes and cold passes. */
    public BenchSettings(int customers, int skus, long seed, int partitions, Duration duration, Duration timeout,
            String appHeap, Duration progressEvery, List<String> appJvmOptions, List<String> appOptions,
            FaultSettings faults, int instances) {
        this(customers, skus, seed, partitions, duration, timeout, appHeap, progressEvery, appJvmOptions, appOptions,
                faults, instances, DEFAULT_REPETITIONS, DEFAULT_WARMUP_PASSES, DEFAULT_COLD_PASSES);
    }
}
