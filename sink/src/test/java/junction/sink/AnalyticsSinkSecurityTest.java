package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;

/**
 * Against an https endpoint that requires a client certificate (test PEMs in src/test/resources/tls):
 * the sink trusts the endpoint's certificate, presents its own, and sends its credentials.
 */
class AnalyticsSinkSecurityTest extends SinkTestBase {

    @TempDir
    Path dir;

    private static Path pem(String name) {
        try {
            return Path.of(AnalyticsSinkSecurityTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestEndpoint mutualTlsEndpoint() {
        return keep(TestEndpoint.secure(Http11SslContextSpec.forServer(pem("server.crt").toFile(), pem("server.key").toFile())
                .configure(builder -> builder.trustManager(pem("client.crt").toFile()).clientAuth(ClientAuth.REQUIRE))));
    }

    private static SinkTls clientTls(String client) {
        return client == null ? new SinkTls(pem("server.crt"), null, null)
                : new SinkTls(pem("server.crt"), pem(client + ".crt"), pem(client + ".key"));
    }

    @Test
    void aTrustedClientCertificateGetsThroughWithTheBearerToken() throws IOException {
        TestEndpoint endpoint = mutualTlsEndpoint();
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        AnalyticsSink sink = sink(config(endpoint).tls(clientTls("client")).auth(SinkAuth.bearer("file:" + token)).build());
        SinkRecord record = record("k", 1);

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(endpoint.uri().getScheme()).isEqualTo("https");
        assertThat(endpoint.requests()).singleElement()
                .satisfies(request -> assertThat(request.headers().get("Authorization")).isEqualTo("Bearer t0ken"));
    }

    @Test
    void theSecretAppearsInNoLogLineMeterOrPrintedConfiguration() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            TestEndpoint endpoint = keep(TestEndpoint.replying(request -> Mono.just(
                    new TestEndpoint.Reply(401, Map.of(), "no entry for " + request.headers().get("Authorization")))));
            Path token = Files.writeString(dir.resolve("token"), "t0p-s3cret");
            SinkConfig config = config(endpoint).auth(SinkAuth.bearer("file:" + token)).build();
            AnalyticsSink sink = sink(config);

            submit(sink, record("k", 1));

            // A refusal keeps the record and retries, reading the secret again each time.
            await().atMost(WAIT).until(() -> endpoint.requests().size() >= 3 && !logs.list.isEmpty());
            assertThat(settlements.settledRecords()).isZero();
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains("t0p-s3cret"));
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().toString())
                    .noneMatch(id -> id.contains("t0p-s3cret"));
            assertThat(config.toString()).doesNotContain("t0p-s3cret");
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void basicAuthArrivesAsTheStandardHeader() throws IOException {
        TestEndpoint endpoint = mutualTlsEndpoint();
        Path password = Files.writeString(dir.resolve("password"), "pa55");
        AnalyticsSink sink = sink(config(endpoint).tls(clientTls("client")).auth(SinkAuth.basic("ann", "file:" + password)).build());

        submit(sink, record("k", 1));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 1);
        assertThat(endpoint.requests().get(0).headers().get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:pa55".getBytes()));
    }

    @Test
    void anUntrustedClientCertificateIsRefused() {
        assertRefused("rogue");
    }

    @Test
    void noClientCertificateIsRefused() {
        assertRefused(null);
    }

    private void assertRefused(String client) {
        TestEndpoint endpoint = mutualTlsEndpoint();
        AnalyticsSink sink = sink(config(endpoint).tls(clientTls(client)).maxRetryTime(Duration.ofMillis(300)).build());
        SinkRecord record = record("k", 1);

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(endpoint.requests()).isEmpty();
        assertThat(deadLetters.letters()).singleElement()
                .satisfies(letter -> assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER)).contains("retries exhausted"));
        assertThat(requests("error")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMissingSecretOrCertificateStopsTheSinkFromStarting() {
        TestEndpoint endpoint = mutualTlsEndpoint();

        assertThatThrownBy(() -> sink(config(endpoint).auth(SinkAuth.bearer("env:JUNCTION_TEST_SURELY_UNSET")).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink.auth.secret: environment variable JUNCTION_TEST_SURELY_UNSET is not set");
        assertThatThrownBy(() -> sink(config(endpoint).tls(new SinkTls(dir.resolve("none.crt"), null, null)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sink.tls.trustedCertificates: cannot read file ");
        assertThat(registry.getMeters()).as("a sink that failed to start leaves no meters").isEmpty();
    }
}
