package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Test;

class EndpointFaultsTest {

    static final EndpointFaults EVERY_FAULT = EndpointFaults.builder()
            .latency(Duration.ofMillis(20))
            .jitter(Duration.ofMillis(5))
            .errorRate(0.3)
            .errorStatuses(List.of(503, 500))
            .throttleRate(0.1)
            .retryAfter(Duration.ofSeconds(2))
            .resetRate(0.05)
            .slowRate(0.01)
            .slowDelay(Duration.ofSeconds(30))
            .rejectCustomers(Set.of("c7", "c3"))
            .downAfter(Duration.ofSeconds(10))
            .downFor(Duration.ofMinutes(1))
            .seed(42L)
            .crawlRate(20)
            .downStatus(401)
            .rejectStatus(500)
            .build();

    private static EndpointFaults read(String json) throws Exception {
        return EndpointFaults.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noneInjectsNothingAndHasTheDocumentedDefaults() {
        EndpointFaults none = EndpointFaults.NONE;

        assertThat(none.latency()).isZero();
        assertThat(none.jitter()).isZero();
        assertThat(none.errorRate() + none.throttleRate() + none.resetRate() + none.slowRate()).isZero();
        assertThat(none.errorStatuses()).containsExactly(500, 502, 503);
        assertThat(none.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(none.slowDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(none.rejectCustomers()).isEmpty();
        assertThat(none.hasDownWindow()).isFalse();
        assertThat(none.seed()).isNull();
        assertThat(none.crawlRate()).as("no crawl").isZero();
        assertThat(none.downStatus()).as("a down window refuses connections").isZero();
        assertThat(none.rejectStatus()).isEqualTo(400);
    }

    @Test
    void roundTripsThroughJsonWithDurationsAsPeopleWriteThem() throws Exception {
        String json = JsonSerde.MAPPER.writeValueAsString(EVERY_FAULT);

        assertThat(json).contains("\"latency\":\"20ms\"", "\"downFor\":\"1m\"", "\"errorStatuses\":[500,503]",
                "\"rejectCustomers\":[\"c3\",\"c7\"]", "\"seed\":42",
                "\"crawlRate\":20", "\"downStatus\":401", "\"rejectStatus\":500");
        assertThat(JsonSerde.MAPPER.readValue(json, EndpointFaults.class)).isEqualTo(EVERY_FAULT);
        assertThat(read(json)).isEqualTo(EVERY_FAULT);
    }

    @Test
    void absentFieldsTakeTheDefaults() throws Exception {
        EndpointFaults down = read("{\"downFor\":\"60s\"}");

        assertThat(down).isEqualTo(EndpointFaults.NONE.withDownWindow(Duration.ZERO, Duration.ofSeconds(60)));
        assertThat(down.withoutDownWindow()).isEqualTo(EndpointFaults.NONE);
        assertThat(read("{\"latency\":\"PT0.25S\"}").latency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void jsonFieldsGoOverTheFaultsTheyAreAppliedTo() throws Exception {
        EndpointFaults changed = EVERY_FAULT.withJson("{\"errorRate\":0.5,\"rejectCustomers\":[]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(changed).isEqualTo(EVERY_FAULT.toBuilder().errorRate(0.5).rejectCustomers(Set.of()).build());
    }

    @Test
    void refusesJsonThatIsNotAnObjectOfKnownFields() {
        assertThatThrownBy(() -> read("{\"errorrate\":0.5}")).isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("errorrate");
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"errorRate\":null}")).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void refusesDurationsThatAreNotWrittenAsDurations() {
        assertThatThrownBy(() -> read("{\"latency\":20}")).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> read("{\"latency\":\"soon\"}"))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("not a duration");
    }

    @Test
    void refusesBadValuesNamingTheField() {
        assertThatThrownBy(() -> EndpointFaults.builder().errorRate(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("errorRate must be within 0..1, was 1.5");
        assertThatThrownBy(() -> EndpointFaults.builder().slowRate(Double.NaN).build())
                .hasMessageStartingWith("slowRate must be within 0..1");
        assertThatThrownBy(() -> EndpointFaults.builder().errorRate(0.5).throttleRate(0.3).resetRate(0.3).build())
                .hasMessageStartingWith("resetRate + throttleRate + errorRate must add up to at most 1");
        assertThatThrownBy(() -> EndpointFaults.builder().errorStatuses(List.of(500, 200)).build())
                .hasMessage("errorStatuses must be 400..599, was 200");
        assertThatThrownBy(() -> EndpointFaults.builder().errorRate(0.1).errorStatuses(List.of()).build())
                .hasMessageStartingWith("errorStatuses must not be empty");
        assertThatThrownBy(() -> EndpointFaults.builder().latency(Duration.ofMillis(-5)).build())
                .hasMessage("latency must not be negative, was -5ms");
        assertThatThrownBy(() -> EndpointFaults.builder().slowRate(0.1).slowDelay(Duration.ZERO).build())
                .hasMessageStartingWith("slowDelay must be above 0");
        assertThatThrownBy(() -> EndpointFaults.builder().downAfter(Duration.ofSeconds(5)).build())
                .hasMessageStartingWith("downAfter needs downFor");
        assertThatThrownBy(() -> EndpointFaults.builder().rejectCustomers(Set.of(" ")).build())
                .hasMessageStartingWith("rejectCustomers must not hold a blank");
        assertThatThrownBy(() -> EndpointFaults.builder().crawlRate(-1).build())
                .hasMessage("crawlRate must not be negative, was -1");
        assertThatThrownBy(() -> EndpointFaults.builder().downStatus(200).build())
                .hasMessageStartingWith("downStatus must be 400..599 (or 0 to refuse connections), was 200");
        assertThatThrownBy(() -> EndpointFaults.builder().rejectStatus(302).build())
                .hasMessage("rejectStatus must be 400..599, was 302");
    }

    @Test
    void theNewKnobsAreReadFromJsonAndAbsentOnesKeepTheirDefaults() throws Exception {
        EndpointFaults expired = read("{\"downFor\":\"60s\",\"downStatus\":401}");
        EndpointFaults poison = read("{\"rejectCustomers\":[\"c42\"],\"rejectStatus\":500}");

        assertThat(expired.downStatus()).isEqualTo(401);
        assertThat(expired.withoutDownWindow().downStatus()).as("the status stays for the next window").isEqualTo(401);
        assertThat(poison.rejectStatus()).isEqualTo(500);
        assertThat(read("{\"crawlRate\":50}").crawlRate()).isEqualTo(50);
        assertThat(read("{\"crawlRate\":50}").rejectStatus()).isEqualTo(400);
    }

    @Test
    void aDownWindowIsSetAndTakenOffWithoutTouchingTheRest() {
        EndpointFaults standing = EVERY_FAULT.withoutDownWindow();

        assertThat(standing.hasDownWindow()).isFalse();
        assertThat(standing.toBuilder().downAfter(EVERY_FAULT.downAfter()).downFor(EVERY_FAULT.downFor()).build())
                .isEqualTo(EVERY_FAULT);
        assertThat(standing.withDownWindow(Duration.ofSeconds(10), Duration.ofMinutes(1))).isEqualTo(EVERY_FAULT);
    }
}
