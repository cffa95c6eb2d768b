package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfAnOddAndAnEvenNumberOfRuns() {
        assertThat(Spread.of(List.of(0.9, 0.5, 1.0)).median()).isEqualTo(0.9);
        assertThat(Spread.of(List.of(4, 1, 3, 2)).median()).isEqualTo(2.5);
    }

    @Test
    void runsThatAgreeGiveNoWarningAndKeepTheirOrder() {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        Spread.of(List.of(0.95, 0.91, 0.93)).putInto(figures, "sinkEfficiency", 3, warnings);

        assertThat(figures).containsEntry("sinkEfficiency", 0.93).containsEntry("sinkEfficiencyMin", 0.91)
                .containsEntry("sinkEfficiencyMax", 0.95).containsEntry("sinkEfficiencyRuns", List.of(0.95, 0.91, 0.93));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aWideSpreadOrTooFewRunsIsSaid() {
        List<String> warnings = new ArrayList<>();

        Spread.of(List.of(0.75, 0.98, 0.79)).putInto(new LinkedHashMap<>(), "sinkEfficiency", 3, warnings);
        Spread.of(List.of(1.6, 1.5)).putInto(new LinkedHashMap<>(), "joinSpeedup", 3, warnings);

        assertThat(warnings).containsExactly(
                "sinkEfficiency: range 29% of the median over 3 runs, too wide to trust the median",
                "joinSpeedup: fewer than 3 values over 2 runs, too wide to trust the median");
    }

    @Test
    void unmeasuredRunsAreLeftOut() {
        Map<String, Object> figures = new LinkedHashMap<>();

        Spread.of(List.of(Double.NaN, 2.0, 4.0, 3.0)).putInto(figures, "firstMergedSeconds", 1, new ArrayList<>());

        assertThat(figures).containsEntry("firstMergedSeconds", 3.0).containsEntry("firstMergedSecondsRuns", List.of(2.0, 4.0, 3.0));
    }
}
