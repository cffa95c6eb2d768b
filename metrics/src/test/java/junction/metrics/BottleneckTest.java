package junction.metrics;

import static junction.metrics.SampleBuilder.healthy;
import static junction.metrics.SampleBuilder.idle;
import static org.assertj.core.api.Assertions.assertThat;

import junction.metrics.Bottleneck.Verdict;
import org.junit.jupiter.api.Test;

class BottleneckTest {

    private static Verdict judge(SampleBuilder... samples) {
        PipelineSample[] built = new PipelineSample[samples.length];
        for (int i = 0; i < samples.length; i++) {
            built[i] = samples[i].build();
        }
        return Bottleneck.judge(built).verdict();
    }

    @Test
    void idleWithoutInputLagOrBufferedRecords() {
        assertThat(judge(idle(), idle(), idle())).isEqualTo(Verdict.IDLE);
    }

    @Test
    void joinBoundWhenThreadsProcessAndRarelyPoll() {
        assertThat(judge(healthy().threads(0.9, 0.05).lag(50_000, 100))).isEqualTo(Verdict.JOIN_BOUND);
    }

    @Test
    void sinkBoundWhenInFlightAtTheLimitAndTheEndpointFast() {
        assertThat(judge(healthy().inFlight(8, 8).buffered(10_000).endpointLatencyMs(30)))
                .isEqualTo(Verdict.SINK_BOUND);
    }

    @Test
    void endpointBoundWhenSaturatedAndTheEndpointSlow() {
        assertThat(judge(healthy().inFlight(8, 8).endpointLatencyMs(2_000))).isEqualTo(Verdict.ENDPOINT_BOUND);
    }

    @Test
    void endpointBoundWhenSaturatedAndTheEndpointFails() {
        assertThat(judge(healthy().inFlight(8, 8).errorRatio(0.2))).isEqualTo(Verdict.ENDPOINT_BOUND);
    }

    @Test
    void brokerBoundWhenPollOrCommitSlowThreadsWaitingAndLag() {
        assertThat(judge(healthy().brokerLatencyMs(50, 800).threads(0.1, 0.8).lag(20_000, 60)))
                .isEqualTo(Verdict.BROKER_BOUND);
    }

    @Test
    void balancedWhenNothingIsSaturated() {
        assertThat(judge(healthy(), healthy())).isEqualTo(Verdict.BALANCED);
    }

    @Test
    void unknownWithoutSamples() {
        assertThat(Bottleneck.judge().verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(Bottleneck.judge().recommendation()).isNotBlank();
    }

    // ---- borderline cases ----

    @Test
    void saturationCountsFromExactlyTheThreshold() {
        assertThat(judge(healthy().inFlight(9, 10))).isEqualTo(Verdict.SINK_BOUND);
        assertThat(judge(healthy().inFlight(8.9, 10))).isEqualTo(Verdict.BALANCED);
    }

    @Test
    void endpointLatencyJustBelowHighIsStillSinkBound() {
        assertThat(judge(healthy().inFlight(8, 8).endpointLatencyMs(499))).isEqualTo(Verdict.SINK_BOUND);
        assertThat(judge(healthy().inFlight(8, 8).endpointLatencyMs(500))).isEqualTo(Verdict.ENDPOINT_BOUND);
    }

    @Test
    void saturatedSinkWinsOverBusyThreads() {
        // Backpressure from the sink also keeps the threads busy: the sink is the cause.
        assertThat(judge(healthy().inFlight(8, 8).threads(0.9, 0.05))).isEqualTo(Verdict.SINK_BOUND);
    }

    @Test
    void busyThreadsThatStillPollAreNotJoinBound() {
        assertThat(judge(healthy().threads(0.9, 0.3))).isEqualTo(Verdict.BALANCED);
    }

    @Test
    void slowBrokerWithoutLagIsNotBrokerBound() {
        // An idle-ish consumer waits in poll for poll.ms: high poll latency alone means nothing.
        assertThat(judge(healthy().brokerLatencyMs(300, 5).threads(0.1, 0.9).lag(999, 1)))
                .isEqualTo(Verdict.BALANCED);
    }

    @Test
    void noInputButLagIsNotIdle() {
        assertThat(judge(idle().lag(5_000, Double.POSITIVE_INFINITY).brokerLatencyMs(500, 500)))
                .isEqualTo(Verdict.BROKER_BOUND);
    }

    @Test
    void noInputWhileTheSinkStillDrainsIsNotIdle() {
        assertThat(judge(idle().inFlight(2, 8).buffered(300))).isEqualTo(Verdict.BALANCED);
    }

    @Test
    void oneSpikeDoesNotFlipTheAverage() {
        assertThat(judge(healthy(), healthy(), healthy(), healthy().inFlight(8, 8).endpointLatencyMs(3_000)))
                .isEqualTo(Verdict.BALANCED);
    }

    @Test
    void absentSinkMetersDoNotSaturate() {
        assertThat(judge(healthy().inFlight(Double.NaN, Double.NaN))).isEqualTo(Verdict.BALANCED);
    }

    @Test
    void evidenceNamesTheSignals() {
        assertThat(Bottleneck.judge(healthy().inFlight(8, 8).build()).evidence())
                .contains("in-flight 8.0 of limit 8.0").contains("endpoint 20 ms");
    }
}
