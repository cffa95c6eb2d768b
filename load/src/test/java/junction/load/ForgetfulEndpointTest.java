package junction.load;

import static junction.load.AnalyticsEndpointTest.ndjson;
import static junction.load.AnalyticsEndpointTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import junction.model.CustomerInventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The endpoint as a receiver that remembers no event id (last-writer-wins on version), its
 * received-eventId log (kept in both modes, for verification only), and held answers.
 */
class ForgetfulEndpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private AnalyticsEndpoint endpoint;
    private final ConnectionProvider connections = ConnectionProvider.builder("forgetful-endpoint-test").build();

    @AfterEach
    void stop() {
        endpoint.close();
        connections.disposeLater().block(TIMEOUT);
    }

    private static CustomerInventory version(String eventId, String customerId, long version) {
        return record(eventId, customerId, "name " + version, 1_000).withVersion(version);
    }

    private HttpClient http() {
        return HttpClient.create(connections).baseUrl(endpoint.uri()).disableRetry(true);
    }

    private Mono<String> ingest(CustomerInventory... records) {
        return ingest(null, records);
    }

    private Mono<String> ingest(Integer generation, CustomerInventory... records) {
        return http().headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, AnalyticsEndpoint.NDJSON);
                    if (generation != null) {
                        h.set(AnalyticsEndpoint.GENERATION_HEADER, generation);
                    }
                })
                .post().uri("/ingest").send(ByteBufFlux.fromInbound(Mono.just(ndjson(records))))
                .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text));
    }

    @Test
    void forgetfulKeepsTheHighestVersionAndAcknowledgesOlderOnesWithoutApplyingThem() {
        endpoint = AnalyticsEndpoint.start("localhost", 0, EndpointFaults.builder().forgetful(true).build());

        assertThat(ingest(version("e2", "c1", 20)).block(TIMEOUT)).isEqualTo("200 {\"accepted\":1,\"duplicates\":0,\"olderIgnored\":0}");
        // A late first attempt of an older version, then a re-send of the newest under its id.
        assertThat(ingest(version("e1", "c1", 10), version("e2", "c1", 20)).block(TIMEOUT))
                .isEqualTo("200 {\"accepted\":0,\"duplicates\":1,\"olderIgnored\":1}");

        assertThat(endpoint.view().get("c1").version()).isEqualTo(20);
        assertThat(endpoint.stats().olderIgnored()).isEqualTo(1);
        assertThat(endpoint.stats().duplicates()).isEqualTo(1);
        assertThat(endpoint.receivedEventIds()).containsExactlyInAnyOrder("e1", "e2");
    }

    @Test
    void forgetfulRemembersADeletionsVersionSoAnOlderRecordDoesNotBringTheCustomerBack() {
        endpoint = AnalyticsEndpoint.start("localhost", 0, EndpointFaults.builder().forgetful(true).build());
        CustomerInventory deletion = CustomerInventory.deletion("c1").withDelivery("d", 1_000).withVersion(30);

        ingest(version("e1", "c1", 10), deletion, version("e2", "c1", 20)).block(TIMEOUT);
        assertThat(endpoint.view()).doesNotContainKey("c1");

        ingest(version("e3", "c1", 31)).block(TIMEOUT);
        assertThat(endpoint.view().get("c1").eventId()).isEqualTo("e3");
    }

    @Test
    void rememberingDropsSeenIdsAndAppliesByArrivalEvenAnOlderVersion() {
        endpoint = AnalyticsEndpoint.start();
        ingest(version("e2", "c1", 20)).block(TIMEOUT);
        ingest(version("e1", "c1", 10), version("e2", "c1", 20)).block(TIMEOUT);

        assertThat(endpoint.view().get("c1").eventId()).as("by arrival: the stale first attempt wins").isEqualTo("e1");
        assertThat(endpoint.stats().duplicates()).isEqualTo(1);
        assertThat(new EndpointClient(endpoint.uri(), TIMEOUT).receivedEventIds()).containsExactlyInAnyOrder("e1", "e2");
    }

    @Test
    void requestsFromAnOlderGroupGenerationThanSeenBeforeAreCounted() {
        endpoint = AnalyticsEndpoint.start("localhost", 0, EndpointFaults.builder().forgetful(true).build());
        ingest(4, version("e1", "c1", 10)).block(TIMEOUT);
        ingest(5, version("e2", "c1", 20)).block(TIMEOUT);
        ingest(4, version("e3", "c2", 10)).block(TIMEOUT);
        ingest(version("e4", "c3", 10)).block(TIMEOUT);

        assertThat(endpoint.stats().olderGenerationRequests()).as("the generation 4 request after a 5").isEqualTo(1);
    }

    @Test
    void heldRequestsAreNeitherAppliedNorAnsweredUntilTheHoldEnds() {
        endpoint = AnalyticsEndpoint.start("localhost", 0, EndpointFaults.builder().holdResponses(true).build());
        String[] answer = new String[1];
        Disposable request = ingest(version("e1", "c1", 10)).subscribe(a -> answer[0] = a);

        await().atMost(TIMEOUT).until(() -> endpoint.heldEventIds().contains("e1"));
        assertThat(endpoint.view()).isEmpty();
        assertThat(endpoint.receivedEventIds()).isEmpty();
        assertThat(answer[0]).isNull();

        endpoint.faults(EndpointFaults.NONE);
        await().atMost(TIMEOUT).until(() -> answer[0] != null);
        assertThat(answer[0]).startsWith("200 ");
        assertThat(endpoint.view()).containsOnlyKeys("c1");
        assertThat(endpoint.heldEventIds()).isEmpty();
        request.dispose();
    }

    @Test
    void aHeldRequestWhoseSenderGaveUpIsNeverApplied() {
        endpoint = AnalyticsEndpoint.start("localhost", 0, EndpointFaults.builder().holdResponses(true).build());
        Disposable request = ingest(version("e1", "c1", 10)).subscribe();
        await().atMost(TIMEOUT).until(() -> endpoint.heldEventIds().contains("e1"));

        request.dispose();
        await().atMost(TIMEOUT).until(() -> endpoint.heldEventIds().isEmpty());
        endpoint.faults(EndpointFaults.NONE);
        ingest(version("e2", "c2", 10)).block(TIMEOUT);

        assertThat(endpoint.receivedEventIds()).containsExactly("e2");
        assertThat(endpoint.view()).containsOnlyKeys("c2");
    }
}
