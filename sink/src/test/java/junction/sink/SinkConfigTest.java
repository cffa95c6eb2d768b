package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    @Test
    void theDefaultsAreValidAndAsDocumented() {
        SinkConfig defaults = SinkConfig.defaults();

        assertThat(defaults.validate()).isEmpty();
        assertThat(defaults.endpoint()).isEqualTo(URI.create("http://localhost:8080/ingest"));
        assertThat(defaults.maxBatchRecords()).isEqualTo(500);
        assertThat(defaults.maxBatchBytes()).isEqualTo(1 << 20);
        assertThat(defaults.lanes()).isEqualTo(4);
        assertThat(defaults.maxInFlight()).isEqualTo(4);
        assertThat(defaults.maxConnections()).as("as many as maxInFlight").isEqualTo(4);
        assertThat(defaults.format()).isEqualTo(BodyFormat.NDJSON);
        assertThat(defaults.gzip()).isFalse();
        assertThat(defaults.retryableStatuses()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
    }

    @Test
    void maxConnectionsFollowsMaxInFlightUnlessSet() {
        assertThat(SinkConfig.builder().maxInFlight(4).build().maxConnections()).isEqualTo(4);
        assertThat(SinkConfig.builder().maxInFlight(4).maxConnections(2).build().maxConnections()).isEqualTo(2);
    }

    @Test
    void validateNamesTheFirstBadSetting() {
        assertThat(SinkConfig.builder().lanes(0).build().validate()).contains("sink.lanes must be > 0, was 0");
        assertThat(SinkConfig.builder().linger(Duration.ofMillis(-1)).build().validate())
                .contains("sink.linger must be >= 0, was PT-0.001S");
        assertThat(SinkConfig.builder().endpoint(URI.create("ftp://host/x")).build().validate())
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("sink.endpoint "));
        assertThat(SinkConfig.builder().retryMaxBackoff(Duration.ofMillis(10)).build().validate())
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("sink.retryMaxBackoff "));
        assertThat(SinkConfig.builder().retryableStatuses(Set.of(503, 42)).build().validate())
                .contains("sink.retryableStatuses must hold HTTP statuses (100..599), had 42");
        assertThat(SinkConfig.builder().format(null).responseTimeout(null).build().validate())
                .contains("sink.responseTimeout must be > 0, was null");
    }

    @Test
    void validatedThrowsTheProblem() {
        assertThatThrownBy(() -> SinkConfig.builder().maxInFlight(0).build().validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink.maxInFlight must be > 0, was 0");
    }
}
