package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import junction.load.EndpointClient;
import junction.load.EndpointStats;
import junction.metrics.DaemonThreads;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's end-to-end latency percentiles window by window while a phase runs: a reading of
 * its histogram every {@code window}, each window what was recorded since the reading before. A
 * phase's percentiles over its whole length hide a trend; the windows show whether the pipeline was
 * settled (flat) or still recovering from what came before (falling).
 */
final class LatencyWindows implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LatencyWindows.class);

    private final EndpointClient endpoint;
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("bench-latency-windows");
    private final List<EndpointStats.Latency> windows = new ArrayList<>();
    private Histogram previous;

    private LatencyWindows(EndpointClient endpoint) {
        this.endpoint = endpoint;
    }

    /** Starts reading now; the first window ends {@code window} from now. */
    static LatencyWindows start(EndpointClient endpoint, Duration window) {
        LatencyWindows windows = new LatencyWindows(endpoint);
        windows.previous = endpoint.latencyHistogram();
        windows.timer.scheduleAtFixedRate(windows::read, window.toMillis(), window.toMillis(), TimeUnit.MILLISECONDS);
        return windows;
    }

    private synchronized void read() {
        Histogram now;
        try {
            now = endpoint.latencyHistogram();
        } catch (RuntimeException e) {
            // A missed reading merges two windows into the next; the phase's own figures are unaffected.
            log.warn("latency window not read: {}", e.toString());
            return;
        }
        Histogram window = now.copy();
        try {
            window.subtract(previous);
            windows.add(EndpointStats.Latency.of(window));
        } catch (RuntimeException e) {
            log.warn("latency window skipped: the endpoint was reset during it ({})", e.toString());
        }
        previous = now;
    }

    /** The complete windows so far, oldest first. */
    synchronized List<EndpointStats.Latency> windows() {
        return List.copyOf(windows);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
