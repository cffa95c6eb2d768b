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

    @Test
    void aRunWithAppInstancesGetsAChartOfEachOnesDeliveredRate() {
        SampleSeries series = new SampleSeries();
        series.add(BenchSample.at(1).column(BenchSample.instanceDeliveredColumn("app_1"), 5)
                .column(BenchSample.instanceDeliveredColumn("app_2"), 7).build());

        List<ReportCharts.Chart> charts = ReportCharts.chartsFor(series);

        assertThat(charts.get(charts.size() - 1).file()).isEqualTo("instances.png");
        assertThat(charts.get(charts.size() - 1).lines()).extracting(ReportCharts.Line::column)
                .containsExactly("app_1_delivered_per_s", "app_2_delivered_per_s");
        assertThat(ReportCharts.chartsFor(new SampleSeries())).extracting(ReportCharts.Chart::file)
                .doesNotContain("instances.png");
    }
}
