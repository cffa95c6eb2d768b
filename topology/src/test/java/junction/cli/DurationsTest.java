package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "20ms, PT0.02S",
        "5s, PT5S",
        "2m, PT2M",
        "1h, PT1H",
        "PT5S, PT5S",
        "pt1m30s, PT1M30S",
        "' 10 S ', PT10S",
        "0s, PT0S"
    })
    void parsesShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
        assertThat(new Durations().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5", "5x", "-5s", "1.5s", "ms", "99999999999999999999s", "9999999999999999h"})
    void refusesWhatIsNotADurationWithAClearMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration (use e.g. 250ms, 10s, 2m)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20ms", "1500ms", "5s", "90s", "2m", "1h", "25h", "0s"})
    void formatReadsBackAsTheSameText(String text) {
        Duration d = Durations.parse(text);

        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @CsvSource({"PT60S, 1m", "PT3600S, 1h", "PT1.5S, 1500ms", "PT120M, 2h"})
    void formatPicksTheLargestExactUnit(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }
}
