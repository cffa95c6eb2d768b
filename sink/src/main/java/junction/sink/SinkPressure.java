package junction.sink;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the sink is under pressure, and the announcement of each change to the listeners that
 * pause and resume the app's input.
 *
 * <p>Decisions come from any thread (stream threads submitting, Netty threads settling, the rate
 * sampler) and are made under this object's lock, on the counts as they are at that moment.
 * Announcements run one at a time on the announcer, and each says the state as it is when it runs,
 * not as it was when it was scheduled, and nothing when the listeners were told that already. So
 * whatever order two announcements happen to be scheduled in, the listeners end on the current
 * state. Announcing the state captured at decision time let a "room again" overtake the "under
 * pressure" decided just before it: the input stayed held with nothing unsettled, and with the
 * input held nothing changed the counts again, so it stayed held for good (seen with two stream
 * threads submitting at once).
 */
final class SinkPressure {

    private static final Logger log = LoggerFactory.getLogger(SinkPressure.class);

    private final Executor announcer;
    private final Supplier<String> numbers;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    /** The decided state; guarded by this. */
    private boolean under;
    /** What the listeners were told last; only touched by announcements, which run one at a time. */
    private boolean announced;

    /**
     * @param announcer runs announcements one at a time, on a thread where listeners may block briefly
     * @param numbers the figures behind the state, for the log line of each announcement
     */
    SinkPressure(Executor announcer, Supplier<String> numbers) {
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
    }

    void onChange(Consumer<Boolean> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Decides again, with hysteresis: pressure starts when {@code over} holds and ends only when
     * {@code clear} does. Both are evaluated under the lock, so the last decision reads the latest
     * counts. Quick and non-blocking.
     */
    void update(BooleanSupplier over, BooleanSupplier clear) {
        synchronized (this) {
            boolean now = under ? !clear.getAsBoolean() : over.getAsBoolean();
            if (now == under) {
                return;
            }
            under = now;
        }
        announcer.execute(this::announce);
    }

    synchronized boolean under() {
        return under;
    }

    private void announce() {
        boolean now = under();
        if (now == announced) {
            return;
        }
        announced = now;
        log.info("{}: {}", now ? "sink under pressure" : "sink has room again", numbers.get());
        listeners.forEach(listener -> listener.accept(now));
    }
}
