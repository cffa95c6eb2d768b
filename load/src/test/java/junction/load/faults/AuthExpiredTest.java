package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import junction.load.AnalyticsEndpoint;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.metrics.PipelineStatus.SinkState;
import junction.sink.SinkAuth;
import junction.sink.SinkConfig;
import junction.topology.StreamApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * An endpoint that refuses the sink itself (401: the token expired, or was rotated) is the
 * endpoint's problem, not the records': the sink keeps every record, goes PAUSED saying it is
 * refused, retries, and resumes by itself once the endpoint accepts again; nothing is
 * dead-lettered. With the token in a {@code file:} secret, rewriting the file heals delivery
 * without a restart, since the sink reads the secret again on each retry.
 */
@Tag("integration")
@Takes(seconds = 40)
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT)
class AuthExpiredTest {

    private static final Duration UNAUTHORIZED = Duration.ofSeconds(10);
    /** Updates outlast the 401 window, so records keep coming while refused. */
    private static final double UPDATE_RATE = 100;
    private static final Duration UPDATES = Duration.ofSeconds(20);
    /** Short, so the pause (if it waits for the outage window at all) comes well within the 401 window. */
    private static final SinkConfig SINK = SinkConfig.builder().outageWindow(Duration.ofSeconds(3)).build();

    @TempDir
    Path dir;

    @Test
    void aWindowOf401sPausesTheSinkKeepsEveryRecordAndResumesByItself(EmbeddedKafka kafka) throws Exception {
        try (FaultTestRun run = FaultTestRun.start(kafka, "auth-401", EndpointFaults.NONE, SINK, UPDATE_RATE, UPDATES);
             AppLog log = AppLog.capture(run)) {
            StreamApp app = run.pipeline().app();
            AnalyticsEndpoint endpoint = run.pipeline().endpoint();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(run.pipeline()::produce);
            await("deliveries flowing").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() > 0);

            endpoint.faults(EndpointFaults.builder().downStatus(401).downFor(UNAUTHORIZED).build());
            Set<SinkState> statesWhileRefused = sinkStatesDuring(app, endpoint);

            assertThat(endpoint.stats().faults().errors()).as("requests answered 401").isPositive();
            assertThat(statesWhileRefused).as("sink states while every request got 401").contains(SinkState.PAUSED);
            assertThat(log.warningsWith("refus")).as("a warning that the endpoint refuses the sink").isNotEmpty();
            assertThat(log.linesWith("refus", "401")).as("a line naming the status refused with").isNotEmpty();
            await("the sink resumes by itself").atMost(Duration.ofSeconds(30)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.sinkState() != SinkState.PAUSED);
            producing.get();
            DemoResult result = run.drainAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters: a 401 refuses the sink, not the records").isZero();
        }
    }

    @Test
    void aRotatedTokenFileHealsDeliveryWithoutARestart(EmbeddedKafka kafka) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "token-A\n", StandardCharsets.UTF_8);
        SinkConfig sink = SINK.toBuilder().auth(SinkAuth.bearer("file:" + token)).build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "auth-rotated", EndpointFaults.NONE, sink, UPDATE_RATE,
                     Duration.ofSeconds(10));
             AppLog log = AppLog.capture(run)) {
            StreamApp app = run.pipeline().app();
            AnalyticsEndpoint endpoint = run.pipeline().endpoint();
            // The endpoint now wants the new token only; the app still holds the old one.
            endpoint.requireAuthorization("Bearer token-B");
            CompletableFuture<Void> producing = CompletableFuture.runAsync(run.pipeline()::produce);
            await("records joined for the sink").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.recordsIn(app.config().outputTopic()) > 0);

            await("the sink PAUSED, refused").atMost(Duration.ofSeconds(30)).pollInterval(FaultTestRun.POLL)
                    .until(() -> app.sinkState() == SinkState.PAUSED);
            assertThat(endpoint.stats().records()).as("records accepted with the old token").isZero();
            assertThat(log.warningsWith("refus")).isNotEmpty();
            assertThat(log.linesWith("refus", "401")).isNotEmpty();

            Files.writeString(token, "token-B\n", StandardCharsets.UTF_8);
            await("deliveries with the rotated token").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() > 0);
            producing.get();
            DemoResult result = run.drainAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
        }
    }

    /** The sink's states, read every poll until the endpoint's status window is over. */
    private static Set<SinkState> sinkStatesDuring(StreamApp app, AnalyticsEndpoint endpoint) {
        await("the status window begins").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(endpoint::inStatusWindow);
        Set<SinkState> states = EnumSet.noneOf(SinkState.class);
        await("the status window over").atMost(UNAUTHORIZED.plusSeconds(10)).pollInterval(FaultTestRun.POLL)
                .until(() -> {
                    SinkState state = app.sinkState();
                    if (!endpoint.inStatusWindow()) {
                        return true;
                    }
                    states.add(state);
                    return false;
                });
        return states;
    }
}
