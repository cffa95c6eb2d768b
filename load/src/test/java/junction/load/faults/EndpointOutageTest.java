package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import junction.load.AnalyticsEndpoint;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.Pipeline;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.metrics.PipelineStatus.SinkState;
import junction.sink.SinkConfig;
import junction.topology.StreamApp;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint down for 30 s (connections refused), twice the sink's {@code maxRetryTime} (lowered
 * to 15 s from the default 60 s, so half a minute stands for the default's two), while updates keep
 * coming: the sink goes PAUSED and pauses Kafka Streams, which keeps its threads and its group
 * membership while the committed lag grows; once the endpoint is back the sink resumes by itself,
 * the lag drains, and everything arrives with nothing dead-lettered — retry time stands still while
 * PAUSED, so an outage longer than {@code maxRetryTime} does not use it up.
 */
@Tag("integration")
@Takes(seconds = 40)
@ExtendWith(SharedKafka.class)
class EndpointOutageTest {

    private static final Logger log = LoggerFactory.getLogger(EndpointOutageTest.class);
    private static final Duration MAX_RETRY_TIME = Duration.ofSeconds(15);
    private static final Duration OUTAGE = MAX_RETRY_TIME.multipliedBy(2);
    private static final SinkConfig SINK = SinkConfig.builder().maxRetryTime(MAX_RETRY_TIME).build();
    /** Updates outlast the moment the sink pauses (outage window 10 s plus a backoff), so lag grows while down. */
    private static final double UPDATE_RATE = 100;
    private static final Duration UPDATES = Duration.ofSeconds(28);

    @Test
    void anOutageLongerThanTheRetryTimePausesWithoutRebalanceAndResumesWithNothingLostOrDeadLettered(EmbeddedKafka kafka)
            throws Exception {
        try (FaultTestRun run = FaultTestRun.start(kafka, "outage", EndpointFaults.NONE, SINK, UPDATE_RATE, UPDATES)) {
            Pipeline pipeline = run.pipeline();
            StreamApp app = pipeline.app();
            KafkaStreams streams = app.streams();
            AnalyticsEndpoint endpoint = pipeline.endpoint();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(pipeline::produce);

            await("deliveries flowing").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() > 0);
            Set<String> threads = threadNames(streams);
            double rebalances = rebalances(streams);
            assertThat(app.streamsState()).isEqualTo(KafkaStreams.State.RUNNING);

            endpoint.faults(EndpointFaults.builder().downFor(OUTAGE).build());
            await("the endpoint down").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(endpoint::isDown);
            long downAt = System.nanoTime();

            await("sink PAUSED and Kafka Streams paused").atMost(Duration.ofSeconds(40)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.sinkState() == SinkState.PAUSED && streams.isPaused());
            long pausedAt = System.nanoTime();
            long lagAtPause = app.committedLag();
            await("committed lag growing while down").atMost(Duration.ofSeconds(20)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.committedLag() > lagAtPause);
            long joinedWhilePaused = app.recordsIn(app.config().outputTopic());

            // Until the endpoint is back: what the app and the sink are in, and the join's output.
            Set<KafkaStreams.State> streamsStates = EnumSet.noneOf(KafkaStreams.State.class);
            Set<SinkState> sinkStates = EnumSet.noneOf(SinkState.class);
            AtomicLong joinedWhileDown = new AtomicLong(joinedWhilePaused);
            AtomicLong lagWhileDown = new AtomicLong(lagAtPause);
            await("the endpoint back").atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!endpoint.isDown()) {
                            return true;
                        }
                        KafkaStreams.State streamsState = app.streamsState();
                        SinkState sinkState = app.sinkState();
                        long joined = app.recordsIn(app.config().outputTopic());
                        long lag = app.committedLag();
                        // Kept only if still down after reading: the readings then all fell within the outage.
                        if (endpoint.isDown()) {
                            streamsStates.add(streamsState);
                            sinkStates.add(sinkState);
                            joinedWhileDown.set(joined);
                            lagWhileDown.set(lag);
                        }
                        return false;
                    });
            double outageSeconds = (System.nanoTime() - downAt) / 1e9;
            log.info(String.format(Locale.ROOT, "fault-figures outage    down %.1f s, PAUSED after %.1f s; committed lag %d"
                            + " at the pause, %d at the end of the outage; join output held at %d",
                    outageSeconds, (pausedAt - downAt) / 1e9, lagAtPause, lagWhileDown.get(), joinedWhileDown.get()));

            assertThat(streamsStates).as("Kafka Streams states while down").containsOnly(KafkaStreams.State.RUNNING);
            assertThat(sinkStates).as("sink states while down").containsOnly(SinkState.PAUSED);
            assertThat(joinedWhileDown.get()).as("join output while paused").isEqualTo(joinedWhilePaused);
            assertThat(lagWhileDown.get()).as("committed lag at the end of the outage").isGreaterThan(lagAtPause);
            assertThat(outageSeconds).as("outage length (s)").isGreaterThanOrEqualTo(OUTAGE.toSeconds() - 1);

            await("the sink resumes by itself").atMost(Duration.ofSeconds(30)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.sinkState() != SinkState.PAUSED && !streams.isPaused());
            await("updates produced").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(producing::isDone);
            producing.join();
            DemoResult result = run.drainAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
            assertThat(app.streamsState()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(threadNames(streams)).as("stream threads").isEqualTo(threads);
            assertThat(rebalances(streams)).as("rebalances of the app's consumers").isEqualTo(rebalances);
        }
    }

    private static Set<String> threadNames(KafkaStreams streams) {
        Set<String> names = streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
        assertThat(names).as("stream threads").isNotEmpty();
        return names;
    }

    /** Completed rebalances over the app's group consumers, from the consumers' coordinator metrics. */
    private static double rebalances(KafkaStreams streams) {
        Map<MetricName, ? extends Metric> counters = streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("rebalance-total")
                        && e.getKey().group().endsWith("coordinator-metrics"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(counters).as("rebalance-total metrics").isNotEmpty();
        return counters.values().stream().mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
    }
}
