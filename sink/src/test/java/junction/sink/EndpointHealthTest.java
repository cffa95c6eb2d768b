package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import junction.sink.EndpointHealth.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink state machine and the deadline that stands still while PAUSED, on a hand-moved clock. */
class EndpointHealthTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private final AtomicLong now = new AtomicLong(1_000);
    private final EndpointHealth health = new EndpointHealth(WINDOW, now::get);
    private final List<SinkState> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        health.close();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void failuresDegradeThenPauseAfterTheWindowAndAnAnswerEndsThePause() {
        health.onStateChange(seen::add);

        health.record(Result.ANSWERED, 200, 0);
        assertThat(health.state()).isEqualTo(SinkState.OK);

        health.record(Result.UNREACHABLE, 0, 0);
        assertThat(health.state()).isEqualTo(SinkState.DEGRADED);
        advance(WINDOW.minusMillis(1));
        health.record(Result.UNREACHABLE, 0, 0);
        assertThat(health.state()).isEqualTo(SinkState.DEGRADED);
        advance(Duration.ofMillis(1));
        health.record(Result.UNREACHABLE, 0, 0);
        assertThat(health.state()).isEqualTo(SinkState.PAUSED);

        health.record(Result.ANSWERED, 200, 0);
        assertThat(health.state()).isEqualTo(SinkState.DEGRADED);
        advance(WINDOW);
        health.record(Result.ANSWERED, 200, 0);
        assertThat(health.state()).isEqualTo(SinkState.OK);

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly(SinkState.DEGRADED, SinkState.PAUSED, SinkState.DEGRADED, SinkState.OK);
    }

    @Test
    void throttlingIsAnAnswerNotAnOutage() {
        health.record(Result.UNREACHABLE, 0, 0);
        advance(WINDOW.dividedBy(2));
        health.record(Result.THROTTLED, 429, 0);
        advance(WINDOW.dividedBy(2));
        health.record(Result.UNREACHABLE, 0, 0);

        assertThat(health.state()).isEqualTo(SinkState.DEGRADED);
    }

    @Test
    void failuresOfOneLaneAloneArePoisonSuspectsNotAnOutage() {
        // A 5xx, a reset or a timeout may be one record's doing: from one lane they never pause.
        health.record(Result.FAILED, 500, 2);
        advance(WINDOW.multipliedBy(3));
        health.record(Result.TIMED_OUT, 0, 2);
        health.record(Result.FAILED, 500, 2);
        assertThat(health.state()).isEqualTo(SinkState.DEGRADED);
        assertThat(health.problem()).isEqualTo(EndpointProblem.FAILING);

        // A second lane failing too shows the endpoint itself is at fault.
        health.record(Result.FAILED, 502, 3);
        assertThat(health.state()).isEqualTo(SinkState.PAUSED);
        assertThat(health.lastStatus()).isEqualTo(502);
    }

    @Test
    void aRefusedRequestPausesFromOneLaneAndIsDiagnosedAsRefusing() {
        health.record(Result.REFUSED, 401, 0);
        advance(WINDOW);
        health.record(Result.REFUSED, 401, 0);

        assertThat(health.state()).isEqualTo(SinkState.PAUSED);
        assertThat(health.problem()).isEqualTo(EndpointProblem.REFUSING);
        assertThat(health.lastStatus()).isEqualTo(401);
    }

    @Test
    void timeoutsFromEveryLaneAreDiagnosedAsSlowNotUnreachable() {
        health.record(Result.TIMED_OUT, 0, 0);
        advance(WINDOW);
        health.record(Result.TIMED_OUT, 0, 1);

        assertThat(health.state()).isEqualTo(SinkState.PAUSED);
        assertThat(health.problem()).isEqualTo(EndpointProblem.SLOW);
    }

    @Test
    void aDeadlineStandsStillWhilePaused() {
        Deadline deadline = health.deadline(Duration.ofSeconds(60));
        advance(Duration.ofSeconds(5));
        health.record(Result.UNREACHABLE, 0, 0);
        advance(WINDOW);
        health.record(Result.UNREACHABLE, 0, 0);
        assertThat(health.state()).isEqualTo(SinkState.PAUSED);
        assertThat(deadline.remainingNanos()).isEqualTo(Duration.ofSeconds(45).toNanos());

        advance(Duration.ofMinutes(30));
        assertThat(deadline.remainingNanos()).isEqualTo(Duration.ofSeconds(45).toNanos());
        assertThat(health.pausedNanos()).isEqualTo(Duration.ofMinutes(30).toNanos());

        health.record(Result.ANSWERED, 200, 0);
        advance(Duration.ofSeconds(45));
        assertThat(deadline.passed()).isTrue();
    }
}
