package junction.load.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG charts of a report, drawn by JFreeChart without a display: one line chart per
 * concern over the run's elapsed seconds, in a light theme with a colour-blind-safe palette.
 * Unmeasured values (NaN) leave gaps rather than drops to zero; the time a fault scenario's fault
 * was in force is shaded.
 */
final class ReportCharts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 500;

    /** Okabe-Ito, readable by colour-blind readers, in an order where neighbours differ most. */
    private static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xE69F00),
            new Color(0x009E73), new Color(0xD55E00), new Color(0xCC79A7), new Color(0x56B4E9),
            new Color(0xF0E442), new Color(0x000000));
    private static final String FONT = "DejaVu Sans";
    private static final Color GRID = new Color(0xE0E0E0);
    private static final Color TEXT = new Color(0x333333);
    private static final Color FAULT_SHADE = new Color(0xD5, 0x5E, 0x00, 0x30);

    /** One line: a column and its legend label. */
    record Line(String column, String label) {
    }

    /** One chart: its file name, title, y-axis label (with unit) and lines. */
    record Chart(String file, String title, String yAxis, List<Line> lines) {
    }

    private ReportCharts() {
    }

    /** The charts a series calls for: throughput, latency, lag, CPU and RSS per process, then delivered per app instance if sampled. */
    static List<Chart> chartsFor(SampleSeries series) {
        List<Line> cpu = new ArrayList<>();
        List<Line> rss = new ArrayList<>();
        for (String process : series.processes()) {
            cpu.add(new Line(BenchSample.cpuColumn(process), process));
            rss.add(new Line(BenchSample.rssColumn(process), process));
        }
        List<Chart> charts = new ArrayList<>(List.of(
                new Chart("throughput.png", "Throughput", "records per second", List.of(
                        new Line(BenchSample.IN_PER_SEC, "in (produced)"),
                        new Line(BenchSample.JOINED_PER_SEC, "joined"),
                        new Line(BenchSample.DELIVERED_PER_SEC, "delivered"))),
                new Chart("latency.png", "End-to-end latency", "latency (ms)", List.of(
                        new Line(BenchSample.E2E_P50, "p50"),
                        new Line(BenchSample.E2E_P95, "p95"),
                        new Line(BenchSample.E2E_P99, "p99"))),
                new Chart("lag.png", "Consumer lag", "lag (records)", List.of(new Line(BenchSample.LAG, "lag"))),
                new Chart("cpu.png", "CPU per process", "CPU (cores; 1.0 = one core busy)", cpu),
                new Chart("rss.png", "Resident memory per process", "RSS (MiB)", rss)));
        List<String> instances = series.instances();
        if (!instances.isEmpty()) {
            // Only scenarios with several app instances sample each one's own counters.
            charts.add(new Chart("instances.png", "Delivered per app instance", "records per second",
                    instances.stream().map(i -> new Line(BenchSample.instanceDeliveredColumn(i), i)).toList()));
        }
        return List.copyOf(charts);
    }

    /** Renders every chart into the folder and returns them in order. */
    static List<Chart> render(SampleSeries series, Path folder) {
        // Before the first AWT class loads: benchmarks run on machines without a display.
        System.setProperty("java.awt.headless", "true");
        List<Chart> charts = chartsFor(series);
        double[] elapsed = series.column(BenchSample.ELAPSED);
        List<double[]> faults = faultIntervals(elapsed, series.column(BenchSample.FAULT));
        for (Chart chart : charts) {
            XYSeriesCollection dataset = new XYSeriesCollection();
            for (Line line : chart.lines()) {
                double[] values = series.column(line.column());
                if (Arrays.stream(values).allMatch(Double::isNaN)) {
                    // Not measured in this run: no legend entry, and "no data" if nothing is.
                    continue;
                }
                XYSeries xy = new XYSeries(line.label(), false, true);
                for (int i = 0; i < values.length; i++) {
                    xy.add(elapsed[i], values[i]);
                }
                dataset.addSeries(xy);
            }
            try {
                ChartUtils.saveChartAsPNG(folder.resolve(chart.file()).toFile(), draw(chart, dataset, faults), WIDTH, HEIGHT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write chart " + chart.file(), e);
            }
        }
        return charts;
    }

    /**
     * The spans during which a fault was in force, as {start, end} in elapsed seconds: from the
     * first sample that saw it to the first that did not (or the last sample).
     */
    static List<double[]> faultIntervals(double[] elapsed, double[] fault) {
        List<double[]> spans = new ArrayList<>();
        double begin = Double.NaN;
        for (int i = 0; i < fault.length; i++) {
            boolean active = fault[i] == 1.0;
            if (active && Double.isNaN(begin)) {
                begin = elapsed[i];
            } else if (!active && !Double.isNaN(begin)) {
                spans.add(new double[] {begin, elapsed[i]});
                begin = Double.NaN;
            }
        }
        if (!Double.isNaN(begin)) {
            spans.add(new double[] {begin, elapsed[elapsed.length - 1]});
        }
        return spans;
    }

    private static JFreeChart draw(Chart chart, XYSeriesCollection dataset, List<double[]> faults) {
        NumberAxis x = new NumberAxis("elapsed time (s)");
        NumberAxis y = new NumberAxis(chart.yAxis());
        y.setAutoRangeIncludesZero(true);
        y.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
        y.setUpperMargin(0.08);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        for (NumberAxis axis : List.of(x, y)) {
            axis.setLabelFont(new Font(FONT, Font.PLAIN, 14));
            axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
            axis.setLabelPaint(TEXT);
            axis.setTickLabelPaint(TEXT);
            axis.setAxisLinePaint(GRID);
        }

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setLegendLine(new Line2D.Double(-14, 0, 14, 0));
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            renderer.setSeriesStroke(i, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }

        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage("no data");
        plot.setNoDataMessageFont(new Font(FONT, Font.ITALIC, 16));
        for (double[] span : faults) {
            IntervalMarker marker = new IntervalMarker(span[0], span[1], FAULT_SHADE);
            marker.setLabel("fault");
            marker.setLabelFont(new Font(FONT, Font.PLAIN, 12));
            marker.setLabelPaint(TEXT);
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }

        JFreeChart result = new JFreeChart(chart.title(), new Font(FONT, Font.BOLD, 18), plot, true);
        result.setBackgroundPaint(Color.WHITE);
        result.setPadding(new RectangleInsets(8, 8, 8, 16));
        TextTitle title = result.getTitle();
        title.setPaint(TEXT);
        title.setPadding(new RectangleInsets(4, 0, 8, 0));
        LegendTitle legend = result.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemFont(new Font(FONT, Font.PLAIN, 13));
        legend.setItemPaint(TEXT);
        legend.setBackgroundPaint(Color.WHITE);
        return result;
    }
}
