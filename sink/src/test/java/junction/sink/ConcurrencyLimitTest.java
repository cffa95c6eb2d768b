package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AIMD arithmetic on scripted round-trip times and errors. */
class ConcurrencyLimitTest {

    private static final long FAST = TimeUnit.MILLISECONDS.toNanos(10);

    /** Feeds one full window of responses with the given RTT, the limit reached. */
    private static void window(ConcurrencyLimit limit, long rttNanos, boolean overload) {
        limit.saturated();
        int responses = limit.current();
        for (int i = 0; i < responses; i++) {
            limit.onResponse(rttNanos, overload);
        }
    }

    @Test
    void anAdaptiveLimitStartsAtTwoAndGrowsByOnePerCleanSaturatedWindowUpToTheCeiling() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(5);
        assertThat(limit.current()).isEqualTo(2);

        window(limit, FAST, false);
        assertThat(limit.current()).isEqualTo(3);
        window(limit, FAST, false);
        window(limit, FAST, false);
        assertThat(limit.current()).isEqualTo(5);
        window(limit, FAST, false);
        assertThat(limit.current()).isEqualTo(5);
    }

    @Test
    void aWindowThatNeverReachedTheLimitDoesNotRaiseIt() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(10);

        assertThat(limit.onResponse(FAST, false)).isFalse();
        assertThat(limit.onResponse(FAST, false)).isTrue();

        assertThat(limit.current()).isEqualTo(2);
    }

    @Test
    void anErrorHalvesTheLimitAtTheEndOfItsWindowButNeverBelowOne() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(64);
        for (int i = 0; i < 8; i++) {
            window(limit, FAST, false);
        }
        assertThat(limit.current()).isEqualTo(10);

        limit.saturated();
        limit.onResponse(FAST, true);
        for (int i = 1; i < 10; i++) {
            limit.onResponse(FAST, false);
        }
        assertThat(limit.current()).isEqualTo(5);
        window(limit, 0, true);
        window(limit, 0, true);
        window(limit, 0, true);
        assertThat(limit.current()).isEqualTo(1);
        window(limit, 0, true);
        assertThat(limit.current()).isEqualTo(1);
    }

    @Test
    void anRttSpikeHalvesTheLimitAndALastingSlowdownBecomesTheNewBaseline() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(64);
        for (int i = 0; i < 6; i++) {
            window(limit, FAST, false);
        }
        assertThat(limit.current()).isEqualTo(8);

        // Within the tolerance: still growing.
        window(limit, FAST * 14 / 10, false);
        assertThat(limit.current()).isEqualTo(9);

        window(limit, FAST * 5, false);
        assertThat(limit.current()).isEqualTo(4);

        int lowest = limit.current();
        for (int i = 0; i < 30; i++) {
            window(limit, FAST * 5, false);
            lowest = Math.min(lowest, limit.current());
        }
        assertThat(lowest).isLessThan(4);
        assertThat(limit.current()).as("grows again once the slow RTT is the baseline").isGreaterThan(lowest);
    }

    @Test
    void aFixedLimitNeverMoves() {
        ConcurrencyLimit limit = ConcurrencyLimit.fixed(7);

        window(limit, 0, true);
        window(limit, FAST, false);

        assertThat(limit.current()).isEqualTo(7);
    }
}
