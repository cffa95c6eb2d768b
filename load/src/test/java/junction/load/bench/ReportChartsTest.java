package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportChartsTest {

    private static final double NAN = Double.NaN;

    @Test
    void faultSpansRunFromTheFirstSampleThatSawTheFaultToTheFirstThatDidNot() {
        double[] elapsed = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] fault = {NAN, 0, 1, 1, 0, 0, 1, 1};

        List<double[]> spans = ReportCharts.faultIntervals(elapsed, fault);

        assertThat(spans).containsExactly(new double[] {3, 5}, new double[] {7, 8});
    }

    @Test
    void aRunWithoutAFaultColumnHasNoSpans() {
        assertThat(ReportCharts.faultIntervals(new double[] {1, 2}, new double[] {NAN, NAN})).isEmpty();
    }
}
