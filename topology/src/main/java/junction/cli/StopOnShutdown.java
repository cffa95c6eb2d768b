package junction.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a command's work when the JVM is asked to exit (Ctrl-C, SIGTERM) and holds the exit until
 * the command has flushed and reported what it did, or a grace time passed. Closing it marks the
 * command done and unregisters the hook, so commands run in tests leave no hooks behind.
 */
public final class StopOnShutdown implements AutoCloseable {

    /** Long enough for a producer to flush its last batches on a live broker. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    public StopOnShutdown(String name, Runnable stop) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook: nothing to undo.
        }
    }
}
