package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSeriesTest {

    private static final double MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aSampleHasTheFixedColumnsFirstThenProcessesThenExtras() {
        BenchSample sample = BenchSample.at(3)
                .column("retries", 2)
                .throughput(1000, 990, 980)
                .latency(12, 40, 85, 120)
                .lag(15)
                .process("broker", new ProcessSampler.Usage(0.5, 300 * MIB))
                .build();

        assertThat(sample.values().keySet()).containsExactly("elapsed_s", "in_per_s", "joined_per_s",
                "delivered_per_s", "e2e_p50_ms", "e2e_p95_ms", "e2e_p99_ms", "e2e_max_ms", "lag_records",
                "retries", "broker_cpu", "broker_rss_mb");
        assertThat(sample.get(BenchSample.E2E_P99)).isEqualTo(85);
        assertThat(sample.get("broker_rss_mb")).isEqualTo(300);
        assertThat(sample.get("nope")).isNaN();
    }

    @Test
    void unmeasuredFixedColumnsAreNaN() {
        BenchSample sample = BenchSample.at(1).lag(4).build();

        assertThat(sample.get(BenchSample.IN_PER_SEC)).isNaN();
        assertThat(sample.get(BenchSample.LAG)).isEqualTo(4);
        assertThat(sample.values()).hasSize(BenchSample.FIXED_COLUMNS.size());
    }

    @Test
    void refusesColumnNamesThatWouldBreakTheCsv() {
        assertThatThrownBy(() -> BenchSample.at(0).column("a,b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchSample.at(0).process("Broker", new ProcessSampler.Usage(0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSeriesNamesTheAppInstancesWithTheirOwnDeliveredRatesButNotTheTotal() {
        SampleSeries series = new SampleSeries();
        series.add(BenchSample.at(1).throughput(10, 20, 30)
                .column(BenchSample.instanceJoinedColumn("app_1"), 5)
                .column(BenchSample.instanceDeliveredColumn("app_1"), 5)
                .column(BenchSample.instanceDeliveredColumn("app_2"), 25).build());

        assertThat(series.instances()).containsExactly("app_1", "app_2");
        assertThat(series.columns()).contains("app_1_joined_per_s", "app_2_delivered_per_s");
    }

    @Test
    void theSeriesUnitesColumnsAndNamesItsProcesses() {
        SampleSeries series = new SampleSeries();
        series.add(BenchSample.at(1).process("broker", new ProcessSampler.Usage(0.2, 100 * MIB)).build());
        Map<String, ProcessSampler.Usage> later = new LinkedHashMap<>();
        later.put("broker", new ProcessSampler.Usage(0.3, 110 * MIB));
        later.put("app", new ProcessSampler.Usage(1.1, 400 * MIB));
        series.add(BenchSample.at(2).processes(later).build());

        assertThat(series.columns()).endsWith("broker_cpu", "broker_rss_mb", "app_cpu", "app_rss_mb");
        assertThat(series.processes()).containsExactly("broker", "app");
        assertThat(series.column("app_cpu")).containsExactly(Double.NaN, 1.1);
        assertThat(series.column(BenchSample.ELAPSED)).containsExactly(1, 2);
        assertThat(series.rows()).hasSize(2);
    }

    @Test
    void writesACsvWithAHeaderAndEmptyCellsForUnmeasuredValues() throws Exception {
        SampleSeries series = new SampleSeries();
        series.add(BenchSample.at(1).throughput(1500, 1499.5, 1000).latency(5, 9, 12.3456, 20).lag(0)
                .process("app", new ProcessSampler.Usage(0.12345, 256 * MIB)).build());
        series.add(BenchSample.at(2).lag(3).build());
        Path csv = dir.resolve("samples.csv");

        series.writeCsv(csv);

        assertThat(Files.readAllLines(csv)).containsExactly(
                "elapsed_s,in_per_s,joined_per_s,delivered_per_s,e2e_p50_ms,e2e_p95_ms,e2e_p99_ms,e2e_max_ms,"
                        + "lag_records,app_cpu,app_rss_mb",
                "1,1500,1499.5,1000,5,9,12.346,20,0,0.123,256",
                "2,,,,,,,,3,,");
    }

    @Test
    void formatsNumbersPlainly() {
        assertThat(SampleSeries.format(1_234_567)).isEqualTo("1234567");
        assertThat(SampleSeries.format(0.0)).isEqualTo("0");
        assertThat(SampleSeries.format(-2.5)).isEqualTo("-2.5");
        assertThat(SampleSeries.format(Double.NaN)).isEmpty();
        assertThat(SampleSeries.format(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }
}
