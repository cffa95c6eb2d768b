package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound for the sink tests. As a test-execution listener (registered in META-INF/services) it
 * installs BlockHound before any test starts a Reactor or Netty thread — a thread already waiting
 * when BlockHound arrives would be reported wrongly. As an extension it fails a test during which a
 * non-blocking thread made a blocking call: the error thrown on that thread may be swallowed by a
 * reactive chain, so violations are also collected and checked after each test. The sink's tests
 * run side by side: a violation fails whichever test checks first, and its message names the thread
 * and the callers, which say where it came from.
 */
public final class BlockingCallDetector implements TestExecutionListener, AfterEachCallback {

    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        // install(...) also loads the Reactor and Netty integrations that mark their non-blocking threads.
        BlockHound.install(builder -> builder
                // Console logging from event loops is accepted practice (Reactor Netty logs there too).
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                // Netty 4.2's adaptive allocator takes a short internal lock when it grows its magazines;
                // Netty's own integration already allows the pooled allocator's equivalent (PoolArena.lock)
                // but not this one yet, so any thread allocating a buffer could trip it (armeria#6344).
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .blockingMethodCallback(method -> {
                    VIOLATIONS.add(method + " on " + Thread.currentThread().getName() + " via " + callers());
                    throw new BlockingOperationError(method);
                }));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(takeViolations()).as("blocking calls on non-blocking threads").isEmpty();
    }

    /** Where the blocking call came from, innermost first. */
    private static List<String> callers() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(frame -> frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber())
                .filter(frame -> !frame.startsWith("reactor.blockhound") && !frame.startsWith("java.lang.")
                        && !frame.startsWith(BlockingCallDetector.class.getName()))
                .limit(12)
                .toList());
    }

    static List<String> takeViolations() {
        List<String> taken = new ArrayList<>(VIOLATIONS);
        VIOLATIONS.removeAll(taken);
        return taken;
    }
}
