package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassFiguresTest {

    @Test
    void eachPassGivesTheJitCompilersShareOfEveryProcess() {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        PassFigures.putInto(figures, "bare", List.of(pass(10.0, 1.0), pass(8.0, 0.4), pass(9.0, 0.9)), warnings);

        assertThat(figures).containsEntry("bareAppJitShare", 0.1)
                .containsEntry("bareAppJitShareMin", 0.05)
                .containsEntry("bareAppJitShareMax", 0.1)
                .containsEntry("bareBrokerJitShare", 0.0)
                .containsEntry("bareJitShare", 0.07);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPassWhoseJitStillTookMuchOfTheCpuIsWarnedAbout() {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        PassFigures.putInto(figures, "full", List.of(pass(10.0, 0.5), pass(10.0, 4.0), pass(10.0, 0.5)), warnings);

        assertThat(figures).containsEntry("fullAppJitShareMax", 0.4).containsEntry("fullJitShareMax", 0.29);
        assertThat(warnings).singleElement().asString()
                .contains("full", "JIT compilers took up to 29 % of", "--warmup-passes");
    }

    @Test
    void aProcessThatBarelyWorkedDoesNotMakeAPassLookCold() {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        AppRun pass = new AppRun("app_bare", Duration.ofSeconds(10), 110_000, 100_000, 0, Duration.ofSeconds(1),
                Duration.ofMillis(300), Map.of("app_bare", 10.0, AppRun.jit("app_bare"), 0.5,
                        BenchCluster.ENDPOINT, 0.1, AppRun.jit(BenchCluster.ENDPOINT), 0.05));

        PassFigures.putInto(figures, "bare", List.of(pass, pass, pass), warnings);

        assertThat(figures).containsEntry("bareEndpointJitShare", 0.5).containsEntry("bareJitShare", 0.05);
        assertThat(warnings).isEmpty();
    }

    private static AppRun pass(double appCpu, double appJit) {
        return new AppRun("app_bare", Duration.ofSeconds(10), 110_000, 100_000, 0, Duration.ofSeconds(1),
                Duration.ofMillis(300), Map.of("app_bare", appCpu, AppRun.jit("app_bare"), appJit,
                        BenchCluster.BROKER, 4.0, AppRun.jit(BenchCluster.BROKER), 0.0));
    }
}
