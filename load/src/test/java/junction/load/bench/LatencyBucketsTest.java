package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    private static String page(long upTo5ms, long upTo10ms, long upTo50ms, long all) {
        return String.join("\n",
                "# TYPE junction_stream_latency_seconds histogram",
                "junction_stream_latency_seconds_bucket{le=\"0.005\"} " + upTo5ms,
                "junction_stream_latency_seconds_bucket{le=\"0.01\"} " + upTo10ms,
                "junction_stream_latency_seconds_bucket{le=\"0.05\"} " + upTo50ms,
                "junction_stream_latency_seconds_bucket{le=\"+Inf\"} " + all,
                "junction_stream_latency_seconds_count " + all,
                "junction_e2e_latency_seconds_bucket{le=\"0.005\"} 999");
    }

    @Test
    void quantilesAreOfWhatWasRecordedBetweenTwoReadings() {
        LatencyBuckets before = LatencyBuckets.parse(page(100, 100, 100, 100), "junction_stream_latency_seconds");
        // Then 100 more: 50 under 5 ms, 40 more under 10 ms, 9 more under 50 ms, 1 beyond.
        LatencyBuckets after = LatencyBuckets.parse(page(150, 190, 199, 200), "junction_stream_latency_seconds");

        LatencyBuckets steady = after.since(before);

        assertThat(steady.count()).isEqualTo(100);
        assertThat(steady.quantileMs(0.50)).isEqualTo(5);
        assertThat(steady.quantileMs(0.90)).isEqualTo(10);
        assertThat(steady.quantileMs(0.99)).isEqualTo(50);
        assertThat(steady.quantileMs(1.0)).isEqualTo(50);
    }

    @Test
    void aPageWithoutTheHistogramHasNoQuantile() {
        assertThat(LatencyBuckets.parse("up 1", "junction_stream_latency_seconds").quantileMs(0.5)).isEqualTo(-1);
    }
}
