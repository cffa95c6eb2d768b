package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An instance's own counters read from the Prometheus text its {@code /metrics} serves. */
class AppCountersTest {

    @Test
    void readsJoinedAndOnlyTheDeliveredSinkRecords() {
        String metrics = """
                # HELP junction_records_joined_total Records the join emitted
                # TYPE junction_records_joined_total counter
                junction_records_joined_total{application="bench-scale-out-joins",} 12345.0
                # TYPE junction_sink_records_total counter
                junction_sink_records_total{application="bench-scale-out-joins",outcome="delivered",} 1.2E4
                junction_sink_records_total{application="bench-scale-out-joins",outcome="retried",} 77.0
                junction_sink_records_total{application="bench-scale-out-joins",outcome="dead_lettered",} 3.0
                junction_records_joined_total_created{application="bench-scale-out-joins",} 1.7E9
                """;

        assertThat(AppCounters.parse(metrics)).isEqualTo(new AppCounters(12_345, 12_000));
    }

    @Test
    void anAppWithoutTheSinkOrBeforeItsFirstRecordCountsZero() {
        assertThat(AppCounters.parse("# nothing yet\njvm_threads_live_threads 42.0\n")).isEqualTo(new AppCounters(0, 0));
    }
}
