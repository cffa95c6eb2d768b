package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * When a lane starts a batch, on clocks the test moves: the linger for fresh records, the longer
 * backlog linger for records that were old when they came, a full batch at once either way.
 * Timers are recorded, not run: each step below re-checks by adding a record, as the lane does
 * when a timer fires.
 */
class LaneTest {

    private static final Duration LINGER = Duration.ofMillis(20);
    private static final Duration BACKLOG_LINGER = Duration.ofMillis(100);
    private static final long NOW_MILLIS = 1_800_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Lane> dispatched = new ArrayList<>();
    private final List<Long> timerDelaysMillis = new ArrayList<>();
    private int batchLimit = 500;
    private final Lane lane = new Lane(SinkConfig.builder().linger(LINGER).backlogLinger(BACKLOG_LINGER).build(),
            () -> batchLimit, recordingTimers(), dispatched::add, nanos::get, () -> NOW_MILLIS);

    private Scheduler recordingTimers() {
        return new Scheduler() {
            @Override
            public Disposable schedule(Runnable task) {
                throw new UnsupportedOperationException("the lane only schedules timers");
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                timerDelaysMillis.add(unit.toMillis(delay));
                return Disposables.disposed();
            }

            @Override
            public Worker createWorker() {
                throw new UnsupportedOperationException("the lane only schedules timers");
            }
        };
    }

    private void at(long millis) {
        nanos.set(1_000_000_000L + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** A record whose source timestamp is {@code ageMillis} before now. */
    private void add(String key, long ageMillis) {
        SinkRecord record = new SinkRecord(key, key + "@1", "{}".getBytes(StandardCharsets.UTF_8), NOW_MILLIS - ageMillis);
        lane.add(new Submission(record, () -> { }, nanos.get()));
    }

    private List<String> sendNext() {
        assertThat(dispatched).as("a batch was started").hasSize(1);
        dispatched.clear();
        return lane.takeBatch().stream().map(s -> s.record().key()).toList();
    }

    /** The first record goes at once (the lane is idle), and its batch is settled at 1 ms. */
    private void sendFirstAtZero(long ageMillis) {
        at(0);
        add("first", ageMillis);
        assertThat(sendNext()).containsExactly("first");
        at(1);
        lane.batchSettled();
    }

    @Test
    void freshRecordsWaitTheLinger() {
        sendFirstAtZero(0);
        at(2);
        add("a", 0);
        at(19);
        add("b", 0);
        assertThat(dispatched).as("19 ms after the last batch").isEmpty();
        assertThat(timerDelaysMillis).contains(18L);

        at(20);
        add("c", 0);
        assertThat(sendNext()).containsExactly("a", "b", "c");
    }

    @Test
    void aBacklogWaitsTheBacklogLinger() {
        // Five seconds old on arrival: a catch-up. Ten backlog lingers (1 s) is the threshold.
        sendFirstAtZero(5_000);
        at(2);
        add("a", 5_000);
        at(20);
        add("b", 5_000);
        at(99);
        add("c", 5_000);
        assertThat(dispatched).as("within the backlog linger").isEmpty();
        assertThat(timerDelaysMillis).contains(98L);

        at(100);
        add("d", 5_000);
        assertThat(sendNext()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aRecordJustUnderTheBacklogAgeIsFresh() {
        sendFirstAtZero(999);
        at(2);
        add("a", 999);
        at(20);
        add("b", 999);
        assertThat(sendNext()).containsExactly("a", "b");
    }

    @Test
    void aFullBatchGoesAtOnceEvenUnderABacklog() {
        batchLimit = 3;
        sendFirstAtZero(5_000);
        at(2);
        add("a", 5_000);
        add("b", 5_000);
        assertThat(dispatched).isEmpty();
        add("c", 5_000);
        assertThat(sendNext()).containsExactly("a", "b", "c");
    }
}
