package junction.load.bench;

import java.time.Duration;

/**
 * One stream app's pass over the preloaded inputs, from the moment it was ready (RUNNING) to the
 * moment its group's committed lag reached zero. With the sink, offsets commit only after the
 * endpoint acknowledged, so that moment is when everything was delivered.
 *
 * @param inputRecords input records the app consumed (everything produced before it started)
 * @param joined records it wrote to the output topic
 * @param delivered records the endpoint accepted during the pass (0 for a bare join)
 */
record AppRun(String name, Duration elapsed, long inputRecords, long joined, long delivered) {

    /** Input records fully processed per second: the rate every throughput figure uses. */
    long inputPerSec() {
        return BenchFigures.perSecond(inputRecords, elapsed);
    }

    /** Records the endpoint accepted per second. */
    long deliveredPerSec() {
        return BenchFigures.perSecond(delivered, elapsed);
    }

    double seconds() {
        return BenchFigures.seconds(elapsed);
    }
}
