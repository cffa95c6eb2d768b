package junction.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestConfigTest {

    private static final IngestConfig OK = IngestConfig.defaults();

    @Test
    void defaultsAreValid() {
        assertThat(OK.problem()).isNull();
        assertThat(OK.customersTopic()).isEqualTo("customers");
        assertThat(OK.inventoryTopic()).isEqualTo("inventory");
        assertThat(OK.deadLetterTopic()).isEqualTo("junction-dlq");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(new IngestConfig(" ", 1, 10, 10, 1, Duration.ZERO, "a", "b", "c"), "bootstrap"),
                Arguments.of(new IngestConfig("h:1", 1, 0, 10, 1, Duration.ZERO, "a", "b", "c"), "customers"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 200_000_000, 1, Duration.ZERO, "a", "b", "c"), "skus"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 0, Duration.ZERO, "a", "b", "c"), "ratePerSec"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, Double.NaN, Duration.ZERO, "a", "b", "c"), "ratePerSec"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ofSeconds(-1), "a", "b", "c"), "duration"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, null, "a", "b", "c"), "duration"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ZERO, "a b", "b", "c"), "customersTopic"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ZERO, "a", "..", "c"), "inventoryTopic"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ZERO, "a", "b", null), "deadLetterTopic"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ZERO, "a", "a", "c"), "inventoryTopic"),
                Arguments.of(new IngestConfig("h:1", 1, 10, 10, 1, Duration.ZERO, "a", "b", "b"), "deadLetterTopic"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void namesTheBadOptionOnOneLine(IngestConfig config, String option) {
        assertThat(config.problem()).startsWith(option + " ").doesNotContain("\n");
    }
}
