package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import junction.load.bench.ChildProcess;
import junction.load.cli.Harness;
import junction.topology.AppConfig;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./junction run} as an operator runs it, in its own JVM: SIGTERM stops it cleanly and it
 * says so with exit code 0 (the JVM's default handling would exit 143 whatever the shutdown did).
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class RunStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsCommitsAndExitsZero(EmbeddedKafka kafka) throws Exception {
        try (AnalyticsEndpoint endpoint = AnalyticsEndpoint.start()) {
            AppConfig config = SharedKafka.withOwnNames(AppConfig.defaults(), "run-stop").withBootstrapServers(kafka.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertThat(new TopicSetup(admin, config).create(3, (short) 1)).allMatch(TopicSetup.TopicReport::ok);
            }
            try (ChildProcess app = ChildProcess.start("run", Harness.class.getName(), List.of("-Xmx256m"),
                    List.of("run", "--bootstrap-servers", kafka.bootstrapServers(), "--endpoint", endpoint.uri() + "/ingest",
                            "--metrics-port", "0", "--state-dir", dir.resolve("state").toString(), "--application-id", config.applicationId(),
                            "--customers-topic", config.customersTopic(), "--inventory-topic", config.inventoryTopic(),
                            "--output-topic", config.outputTopic(), "--dead-letter-topic", config.deadLetterTopic()),
                    dir.resolve("run.log"))) {
                String ops;
                try {
                    ops = app.awaitLine(Pattern.compile("ops endpoints: (http://[^/]+)/metrics"), Duration.ofSeconds(90)).group(1);
                } catch (IllegalStateException e) {
                    throw new AssertionError("run did not start; its log:\n" + Files.readString(dir.resolve("run.log")), e);
                }
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(90)).until(() -> http.send(
                        HttpRequest.newBuilder(URI.create(ops + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

                int exit = app.terminate(Duration.ofSeconds(60));

                assertThat(exit).as("exit code after SIGTERM; log: %s", Files.readString(dir.resolve("run.log"))).isZero();
            }
        }
    }
}
