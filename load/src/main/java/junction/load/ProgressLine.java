package junction.load;

import java.util.Locale;

/** The demo's live line: totals so far and the delivered rate since the previous line. */
final class ProgressLine {

    private final Pipeline pipeline;
    private final long start = System.nanoTime();
    private Pipeline.Progress previous;

    ProgressLine(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    synchronized String next() {
        Pipeline.Progress now = pipeline.progress();
        double rate = 0;
        if (previous != null && now.nanos() > previous.nanos()) {
            rate = (now.delivered() - previous.delivered()) * 1e9 / (now.nanos() - previous.nanos());
        }
        previous = now;
        return String.format(Locale.ROOT, "[%5.1fs] produced %,d  joined %,d  delivered %,d  %,.0f rec/s  lag %,d",
                (now.nanos() - start) / 1e9, now.produced(), now.joined(), now.delivered(), rate, now.lag());
    }
}
