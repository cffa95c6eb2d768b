package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyScenarioTest {

    @Test
    void windowsThatHoldStillRaiseNoWarning() {
        // The 90 s warm-up run of 2026-12-07: p99 about 40-50 ms in every stretch of the phase.
        assertThat(SteadyScenario.unsteady(List.of(41L, 50L, 44L, 43L))).isNull();
    }

    @Test
    void aPhaseStillSettlingFromThePreloadIsCalledUnsteady() {
        assertThat(SteadyScenario.unsteady(List.of(180L, 95L, 70L, 62L)))
                .isEqualTo("e2e p99 by window [180, 95, 70, 62] ms: a range over half the median, the phase was not steady");
    }

    @Test
    void oneWindowCannotShowAnything() {
        assertThat(SteadyScenario.unsteady(List.of(40L))).contains("too few to tell");
    }
}
