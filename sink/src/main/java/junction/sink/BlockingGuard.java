package junction.sink;

import reactor.core.scheduler.Schedulers;

/** Refuses to block a thread that must never block (Netty event loops, Reactor's parallel workers). */
final class BlockingGuard {

    private BlockingGuard() {
    }

    static void requireBlockingAllowed(String what) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException(what + " may block and must not run on the non-blocking thread "
                    + Thread.currentThread().getName());
        }
    }
}
