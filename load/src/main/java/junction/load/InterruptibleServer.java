package junction.load;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import junction.cli.Durations;
import junction.metrics.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTP server that can go down for a while and come back on the same port, the way a crashed
 * and restarted service does: the listening socket is closed (clients get "connection refused")
 * and open connections are dropped, then the server binds again. Down windows run on a thread of
 * their own, never on an event loop, since binding blocks.
 */
final class InterruptibleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InterruptibleServer.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** When the port is taken by someone else at the end of a window, binding is tried again this often. */
    private static final Duration REBIND_RETRY = Duration.ofSeconds(1);

    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final HttpServer rebind;
    private final String host;
    private final int port;
    private final ScheduledExecutorService windows = DaemonThreads.scheduler("endpoint-down-window");
    private final Sinks.Empty<Void> closed = Sinks.empty();

    // Guarded by this. Null while down.
    private DisposableServer bound;
    /** True from the moment the server starts going down until it is bound again; read on event loops. */
    private volatile boolean down;
    private ScheduledFuture<?> nextStep;
    private boolean closing;

    /** Binds now; port 0 picks a free port, which the server then keeps for its whole life. */
    InterruptibleServer(HttpServer server) {
        HttpServer tracked = server
                // Rebinding must not wait for connections of the last life in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .doOnChannelInit((observer, channel, remote) -> {
                    connections.add(channel);
                    // A connection accepted just before the listening socket closed may be set up
                    // only after the open ones were dropped: it would serve a client all through the
                    // down window (a sink that kept delivering through an "outage" never paused, in
                    // one run of EndpointOutageTest). Added first, checked second: unbind sets the
                    // flag before it drops the group, so either that drop or this check closes it.
                    if (down) {
                        channel.close();
                    }
                });
        this.bound = tracked.bindNow(BIND_TIMEOUT);
        this.host = bound.host();
        this.port = bound.port();
        this.rebind = tracked.port(port);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    synchronized boolean isDown() {
        return bound == null && !closing;
    }

    /**
     * Goes down {@code after} from now for {@code length}, then binds again. Replaces a window
     * not over yet: its end is forgotten, and a server down now stays down until the new end.
     */
    synchronized void downWindow(Duration after, Duration length) {
        cancelNextStep();
        if (!closing) {
            nextStep = windows.schedule(() -> goDown(length), after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Forgets a window to come and ends one under way, at once but without waiting for the bind. */
    synchronized void cancelDownWindow() {
        cancelNextStep();
        if (!closing) {
            nextStep = windows.schedule(this::comeUp, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelNextStep() {
        if (nextStep != null) {
            nextStep.cancel(false);
            nextStep = null;
        }
    }

    private synchronized void goDown(Duration length) {
        if (closing) {
            return;
        }
        unbind();
        log.info("analytics endpoint down for {}: connections to port {} are refused", Durations.format(length), port);
        nextStep = windows.schedule(this::comeUp, length.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void comeUp() {
        if (closing || bound != null) {
            return;
        }
        try {
            down = false;
            bound = rebind.bindNow(BIND_TIMEOUT);
            log.info("analytics endpoint up again on port {}", port);
        } catch (RuntimeException e) {
            log.warn("analytics endpoint cannot bind port {} again ({}); retrying in {}", port, e.getMessage(),
                    Durations.format(REBIND_RETRY));
            nextStep = windows.schedule(this::comeUp, REBIND_RETRY.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the listening socket first, so no connection slips in while the open ones are dropped. */
    private void unbind() {
        down = true;
        if (bound != null) {
            bound.disposeNow(CLOSE_TIMEOUT);
            bound = null;
        }
        connections.close().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
    }

    /** Blocks until {@link #close()} is called from another thread. */
    void awaitClose() {
        closed.asMono().block();
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            cancelNextStep();
            unbind();
        }
        windows.shutdownNow();
        closed.tryEmitEmpty();
    }
}
