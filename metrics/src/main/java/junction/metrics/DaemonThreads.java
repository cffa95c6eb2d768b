package junction.metrics;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The background threads junction starts for its own timers (samplers, watchers, progress lines):
 * named, so a thread dump says whose they are, and daemons, so a forgotten one never keeps a JVM
 * alive after {@code main} returns. Work that must finish (draining the sink, committing) never
 * runs on them.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A single named daemon thread that runs scheduled tasks one at a time. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> thread(name, task));
    }

    /** A named daemon thread, not started. */
    public static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
