package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import junction.metrics.OpsAuth;
import junction.metrics.OpsServer;
import junction.metrics.Thresholds;
import junction.sink.SinkAuth;
import junction.topology.AppConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A whole run with an endpoint token and an ops password set: the endpoint only accepts the
 * token (so the run proves the sink used it), and neither secret shows in any log line, the
 * printed configuration, /metrics, /health, /summary or /samples.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class SecretsStayOutTest {

    private static final String TOKEN = "tok-7f3a9c1e-endpoint-secret";
    private static final String OPS_PASSWORD = "ops-5b2d8e4f-password";

    @Test
    void noSecretInLogsConfigOrOpsEndpoints(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        AppConfig app = SharedKafka.withOwnNames(AppConfig.defaults(), "secrets").withSink(true, AppConfig.defaults().sink().toBuilder()
                .auth(SinkAuth.bearer("file:" + tokenFile)).build());
        OpsServer.Config ops = new OpsServer.Config("localhost", 0, Thresholds.DEFAULTS, OpsAuth.basic("prom", OPS_PASSWORD));
        ListAppender<ILoggingEvent> logs = captureLogs();
        List<String> seen = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.start(SharedKafka.pipelineOptions(2_000, 200).withSeed(5)
                .withUpdates(500, Duration.ofSeconds(3)).withPartitions(3).withApp(app).withOps(ops)
                .withSampleInterval(Duration.ofSeconds(1)), kafka)) {
            pipeline.endpoint().requireAuthorization("Bearer " + TOKEN);
            pipeline.produce();
            assertThat(pipeline.awaitDrained(Duration.ofMinutes(2))).as("drained").isTrue();
            DemoResult result = pipeline.result();
            assertThat(result.verification().verified()).as("the endpoint accepted the sink's token").isTrue();

            seen.addAll(pipeline.app().config().describe());
            seen.add(result.toJson());
            String auth = "Basic " + Base64.getEncoder().encodeToString(("prom:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/metrics", "/health", "/summary", "/samples?format=csv", "/samples?format=json")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pipeline.opsUri() + path))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isIn(200, 503);
                seen.add(response.body());
            }
        } finally {
            stopCapturing(logs);
        }
        logs.list.forEach(event -> {
            seen.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                seen.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        });

        assertThat(logs.list).as("junction logged while it ran").isNotEmpty();
        assertThat(seen).noneMatch(text -> text.contains(TOKEN) || text.contains(OPS_PASSWORD));
    }

    /** Every event from now on, junction's at DEBUG, into a list. */
    private static ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.getLogger("junction").setLevel(Level.DEBUG);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger("junction").setLevel(null);
        appender.stop();
    }
}
