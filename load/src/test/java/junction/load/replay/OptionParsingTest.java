package junction.load.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import junction.cli.CommandLines;
import junction.cli.Durations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The start point, speed and load-step values of replay and load, and their one-line errors. */
class OptionParsingTest {

    @Test
    void startPoints() {
        assertThat(StartPoint.parse("beginning")).isEqualTo(new StartPoint.Beginning());
        assertThat(StartPoint.parse("offset:0")).isEqualTo(new StartPoint.AtOffset(0));
        assertThat(StartPoint.parse("offset:1234")).isEqualTo(new StartPoint.AtOffset(1234));
        assertThat(StartPoint.parse("time:2024-05-01T12:00:00Z"))
                .isEqualTo(new StartPoint.AtTime(Instant.parse("2024-05-01T12:00:00Z")));
        assertThat(StartPoint.parse("time:2024-05-01T14:00:00+02:00"))
                .isEqualTo(new StartPoint.AtTime(Instant.parse("2024-05-01T12:00:00Z")));
        assertThat(StartPoint.parse("time:-10m")).isEqualTo(new StartPoint.Ago(Duration.ofMinutes(10)));
        assertThat(StartPoint.parse("time:-90s").toString()).isEqualTo("time:-90s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"end", "offset:", "offset:-1", "offset:ten", "time:", "time:yesterday",
        "time:2024-05-01", "time:-", "time:-soon", "Beginning "})
    void badStartPointsAreOneLineNamingTheValue(String value) {
        assertOneLineError(() -> StartPoint.parse(value), value.trim());
    }

    @Test
    void speeds() {
        assertThat(Speed.parse("original")).isEqualTo(Speed.ORIGINAL);
        assertThat(Speed.parse("max")).isEqualTo(Speed.MAX);
        assertThat(Speed.parse("2x").factor()).isEqualTo(2.0);
        assertThat(Speed.parse("0.5x").factor()).isEqualTo(0.5);
        assertThat(Speed.parse("2.5X").toString()).isEqualTo("2.5x");
        assertThat(Speed.parse("3x").toString()).isEqualTo("3x");
    }

    @Test
    void aSpeedDividesTheRecordedGapsAndMaxNeverWaits() {
        assertThat(Speed.ORIGINAL.dueNanos(1500)).isEqualTo(1_500_000_000L);
        assertThat(Speed.parse("2x").dueNanos(1500)).isEqualTo(750_000_000L);
        assertThat(Speed.parse("0.5x").dueNanos(1500)).isEqualTo(3_000_000_000L);
        assertThat(Speed.MAX.dueNanos(Duration.ofDays(1).toMillis())).isZero();
        // A record older than the first is due at once.
        assertThat(Speed.ORIGINAL.dueNanos(-200)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "0x", "0.0x", "-2x", "x", "2", "1e3x", "2.x"})
    void badSpeedsAreOneLineNamingTheValue(String value) {
        assertOneLineError(() -> Speed.parse(value), value);
    }

    @Test
    void steps() {
        LoadPlan plan = LoadPlan.parseSteps(LoadPlan.DEFAULT_STEPS);
        assertThat(plan.steps()).containsExactly(
                new LoadPlan.Step("light", 500, Duration.ofSeconds(30)),
                new LoadPlan.Step("normal", 2000, Duration.ofSeconds(60)),
                new LoadPlan.Step("peak", 5000, Duration.ofSeconds(30)),
                new LoadPlan.Step("stress", 10000, Duration.ofSeconds(30)));
        assertThat(LoadPlan.parseSteps(" warm-up:12.5:1500ms ").steps())
                .containsExactly(new LoadPlan.Step("warm-up", 12.5, Duration.ofMillis(1500)));
        assertThat(new LoadPlan.Step("s", 12.5, Duration.ofMillis(1500)).expectedCount()).isEqualTo(19);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "light", "light:500", "light:500:30s:x", ":500:30s", "li ght:500:30s",
        "light:fast:30s", "light:0:30s", "light:-5:30s", "light:500:soon", "light:500:0s", "light:500:30s,"})
    void badStepsAreOneLineErrors(String value) {
        assertThatThrownBy(() -> LoadPlan.parseSteps(value))
                .isInstanceOf(TypeConversionException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aBadStepNamesTheStepAndWhatIsWrong() {
        assertThatThrownBy(() -> LoadPlan.parseSteps("light:500:30s,peak:lots:30s"))
                .hasMessage("step 'peak': rate 'lots' is not a number");
        assertThatThrownBy(() -> LoadPlan.parseSteps("peak:500:0s"))
                .hasMessage("step 'peak': duration must be positive, was 0s");
    }

    @Test
    void picocliNamesTheOptionOfABadValue() {
        CommandLine replay = new CommandLine(new ReplayCommand()).registerConverter(Duration.class, new Durations());
        assertThatThrownBy(() -> replay.parseArgs("--from", "customers", "--to", "copy", "--speed", "fast"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContainingAll("--speed", "'fast'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        CommandLine load = new CommandLine(new LoadCommand()).registerConverter(Duration.class, new Durations());
        assertThatThrownBy(() -> load.parseArgs("--plan", "steps", "--steps", "peak:5000"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContainingAll("--steps", "'peak:5000'");
    }

    @Test
    void replayNeedsExactlyOneTarget() {
        // Checked before any broker is contacted: a usage error, exit 2.
        assertThat(CommandLines.execute(new ReplayCommand(), new String[] {"--from", "customers"}))
                .isEqualTo(CommandLines.USAGE);
        assertThat(CommandLines.execute(new ReplayCommand(),
                new String[] {"--from", "customers", "--to", "copy", "--into-inputs"})).isEqualTo(CommandLines.USAGE);
    }

    @Test
    void loadRejectsABadConstantPlanBeforeConnecting() {
        for (List<String> args : List.of(List.of("--rate", "0"), List.of("--duration", "0s"), List.of("--customers", "0"))) {
            assertThat(CommandLines.execute(new LoadCommand(), args.toArray(String[]::new)))
                    .as("%s", args).isEqualTo(CommandLines.USAGE);
        }
    }

    private static void assertOneLineError(Runnable parse, String value) {
        assertThatThrownBy(parse::run)
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + value + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
