package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import junction.metrics.DashboardQueries;
import junction.model.JsonSerde;
import junction.topology.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scraping a running junction: every query of the Grafana dashboard must return
 * data, so no panel an operator opens is empty because a name or label drifted. Needs the
 * {@code prometheus} binary on the PATH (Debian package {@code prometheus}; .ci/run installs it).
 * Without it the test is skipped with one line on stderr saying so and how to run it: the
 * README's test command passes on a fresh machine that has only Java and Maven.
 */
@Tag("integration")
@Takes(seconds = 32)
@ExtendWith(SharedKafka.class)
class PrometheusScrapeTest {

    private static final Path DASHBOARD = Path.of("..", "metrics", "grafana", "dashboards", "junction.json");
    private static final Path ALERTS = Path.of("..", "metrics", "prometheus", "alerts.yml");
    /** Metric names in PromQL: ours, Kafka's and the JVM's (functions and labels do not start so). */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(?:junction|kafka|jvm|process)_[a-z0-9_]+\\b");
    /** The scrape budget of one instance by default (README, "Sizing"). */
    private static final int MAX_DEFAULT_SERIES = 1_500;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private static Pipeline pipeline;
    private static Process prometheus;
    private static String prometheusUri;

    @BeforeAll
    static void startJunctionAndPrometheus(EmbeddedKafka kafka) throws Exception {
        Optional<Path> binary = onPath("prometheus");
        if (binary.isEmpty()) {
            System.err.println("SKIPPED PrometheusScrapeTest (the dashboard's queries against a real Prometheus):"
                    + " no prometheus on the PATH; apt-get install prometheus runs it");
        }
        Assumptions.assumeTrue(binary.isPresent(), "no prometheus on the PATH (apt-get install prometheus)");
        pipeline = Pipeline.start(SharedKafka.pipelineOptions(2_000, 200).withSeed(11)
                .withUpdates(300, Duration.ofSeconds(8)).withSampleInterval(Duration.ofSeconds(1))
                .withApp(SharedKafka.withOwnNames(AppConfig.defaults(), "prometheus")), kafka);
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: junction
                    static_configs:
                      - targets: ["%s"]
                """.formatted(URI.create(pipeline.opsUri()).getAuthority()));
        prometheus = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
        prometheusUri = "http://127.0.0.1:" + port;
        // Prometheus refuses connections until it listens, then answers 503 until its storage is
        // open: only a ready server's answers are queries' answers.
        await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUri + "/-/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        await("Prometheus scraping junction").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !query("up{job=\"junction\"} == 1").isEmpty());
        pipeline.produce();
        assertThat(pipeline.awaitDrained(Duration.ofMinutes(2))).isTrue();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyDashboardPanelQueryReturnsData() throws IOException {
        List<DashboardQueries.Query> queries = DashboardQueries.read(DASHBOARD);
        assertThat(queries).hasSizeGreaterThan(20);
        List<String> empty = new ArrayList<>();
        // Rates need two scrapes inside the window; a few seconds after the run every series has them.
        await("every panel has data").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    empty.clear();
                    for (DashboardQueries.Query q : queries) {
                        if (query(q.resolve(".*", Duration.ofSeconds(15))).isEmpty() && !limitAbsentHere(q)) {
                            empty.add(q.panel() + ": " + q.expr());
                        }
                    }
                    assertThat(empty).as("dashboard queries without data").isEmpty();
                });
    }

    @Test
    void everyMetricAnAlertRuleReadsIsScraped() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC_NAME.matcher(Files.readString(ALERTS));
        while (m.find()) {
            names.add(m.group());
        }
        assertThat(names).contains("junction_lag_records", "kafka_stream_failed_stream_threads_total");
        List<String> absent = new ArrayList<>();
        await("every alert's metric scraped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    absent.clear();
                    for (String name : names) {
                        if (query(name).isEmpty()) {
                            absent.add(name);
                        }
                    }
                    assertThat(absent).as("metrics alert rules read that Prometheus does not have").isEmpty();
                });
    }

    /**
     * The default scrape keeps the Kafka clients' per-task, per-node and per-partition meters out
     * (all but the lag per partition), so one instance stays inside its series budget.
     */
    @Test
    void theDefaultScrapeStaysInsideTheSeriesBudget() throws IOException, InterruptedException {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.opsUri() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        List<String> series = scrape.body().lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(series).as("series of one scrape").hasSizeLessThanOrEqualTo(MAX_DEFAULT_SERIES);
        assertThat(series).as("the per-partition lag the dashboard draws")
                .anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag{") && l.contains("partition="));
        assertThat(series).as("per-task, per-broker-connection meters")
                .noneMatch(l -> l.contains("task_id=") || l.contains("node_id="));
    }

    /**
     * cgroup limit panels draw the container's limit over usage; a host without a limit (like a CI
     * machine outside a container) has no such series, on purpose: there is no limit to draw.
     */
    private static boolean limitAbsentHere(DashboardQueries.Query q) throws IOException, InterruptedException {
        return q.expr().contains("junction_host_cgroup_")
                && query("{__name__=~\"junction_host_cgroup_.*\"}").isEmpty();
    }

    /** Runs an instant query; the result vector (empty when the query has no data). */
    private static JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUri
                        + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JsonSerde.MAPPER.readTree(response.body());
        assertThat(body.path("status").asText()).as("query %s: %s", promql, response.body()).isEqualTo("success");
        return body.path("data").path("result");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
