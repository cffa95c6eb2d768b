package junction.load.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import junction.metrics.DaemonThreads;

/**
 * A progress bar on one line, redrawn in place with {@code \r} on a terminal; when the stream is
 * not a terminal (a log file, CI) each redraw is a line of its own, less often. Draws from a
 * daemon thread of its own until closed, then draws once more and ends the line.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final boolean inPlace;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService drawer;

    /**
     * @param total what {@code done} counts up to
     * @param inPlace redraw the same line (a terminal) rather than print a new one each time
     */
    ProgressBar(PrintStream out, String label, long total, LongSupplier done, boolean inPlace) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.done = done;
        this.inPlace = inPlace;
        this.drawer = DaemonThreads.scheduler("progress-bar");
        Duration every = inPlace ? Duration.ofMillis(250) : Duration.ofSeconds(5);
        drawer.scheduleAtFixedRate(this::draw, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On stderr, in place when there is a terminal. */
    static ProgressBar onStderr(String label, long total, LongSupplier done) {
        return new ProgressBar(System.err, label, total, done, System.console() != null);
    }

    private synchronized void draw() {
        out.print((inPlace ? "\r" : "") + render(done.getAsLong(), System.nanoTime() - started)
                + (inPlace ? "" : System.lineSeparator()));
        out.flush();
    }

    String render(long current, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) current / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? current / seconds : 0;
        String eta = rate > 0 && current < total ? String.format(Locale.ROOT, "  eta %.0fs", (total - current) / rate) : "";
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%%  %,d/%,d  %.1fs  %,.0f/s%s   ", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, current, total, seconds, rate, eta);
    }

    @Override
    public void close() {
        drawer.shutdownNow();
        try {
            drawer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        if (inPlace) {
            out.println();
        }
    }
}
