package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pressure state's hysteresis and its announcements, with the announcer in the test's hands:
 * the listeners (the app's input gate) must end on the current state whatever order the
 * announcements run in.
 */
class SinkPressureTest {

    private static final int LIMIT = 100;
    private final AtomicInteger unsettled = new AtomicInteger();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Boolean> told = new ArrayList<>();
    private final SinkPressure pressure = new SinkPressure(scheduled::add, () -> unsettled.get() + " unsettled");

    SinkPressureTest() {
        pressure.onChange(told::add);
    }

    private void settleTo(int records) {
        unsettled.set(records);
        pressure.update(() -> unsettled.get() >= LIMIT, () -> unsettled.get() <= LIMIT / 2);
    }

    private void runScheduled() {
        List<Runnable> now = new ArrayList<>(scheduled);
        scheduled.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void pressureStartsAtTheLimitAndEndsAtHalfOfIt() {
        settleTo(99);
        assertThat(pressure.under()).isFalse();
        settleTo(100);
        assertThat(pressure.under()).isTrue();
        runScheduled();
        settleTo(51);
        assertThat(pressure.under()).as("still above half the limit").isTrue();
        settleTo(50);
        assertThat(pressure.under()).isFalse();
        runScheduled();
        assertThat(told).containsExactly(true, false);
    }

    @Test
    void aPressureOverBeforeItsAnnouncementRunsIsNotAnnounced() {
        // The input gate would only have been told to pause and resume at once.
        settleTo(100);
        settleTo(0);
        runScheduled();
        assertThat(told).isEmpty();
    }

    @Test
    void aDecisionThatChangesNothingAnnouncesNothing() {
        settleTo(150);
        settleTo(120);
        settleTo(200);
        runScheduled();
        assertThat(told).containsExactly(true);
    }

    @Test
    void listenersEndOnTheCurrentStateWhateverOrderTheAnnouncementsRunIn() {
        // Two decisions on two threads: "under pressure", then "room again" as the records settle.
        // Each thread schedules its announcement after leaving the lock, so the second can be
        // scheduled first; run them in that order.
        settleTo(LIMIT);
        settleTo(0);
        assertThat(scheduled).hasSize(2);
        Collections.reverse(scheduled);
        runScheduled();

        assertThat(pressure.under()).isFalse();
        assertThat(told).as("what the input gate was told last").allMatch(full -> !full);
    }

    @Test
    void anAnnouncementThatRunsLateSaysTheStateAsItIsThen() {
        settleTo(LIMIT);
        settleTo(0);
        settleTo(LIMIT);
        Collections.reverse(scheduled);
        runScheduled();

        assertThat(pressure.under()).isTrue();
        assertThat(told).containsExactly(true);
    }
}
