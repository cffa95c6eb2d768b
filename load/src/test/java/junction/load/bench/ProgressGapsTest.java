package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The longest stretch without progress, on rises fed at known times (seconds as nanoseconds). */
class ProgressGapsTest {

    private static final long S = 1_000_000_000L;

    private final ProgressGaps gaps = new ProgressGaps("test", () -> 0, Duration.ofMillis(100));

    @Test
    void theLongestStretchBetweenRisesWithinTheWindow() {
        for (long at : new long[] {1, 2, 3, 13, 14}) {
            gaps.rose(at * S);
        }

        assertThat(gaps.longestGapSeconds(2 * S + S / 2, 15 * S)).isEqualTo(10.0);
        // Before the window's start, rises do not count; the window starts the first stretch.
        assertThat(gaps.longestGapSeconds(0, 3 * S)).isEqualTo(1.0);
    }

    @Test
    void noRiseAfterTheStartIsAPauseToTheEnd() {
        gaps.rose(S);

        assertThat(gaps.longestGapSeconds(2 * S, 9 * S)).isEqualTo(7.0);
    }
}
