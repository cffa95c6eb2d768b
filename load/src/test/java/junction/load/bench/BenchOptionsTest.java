package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import junction.cli.CommandLines;
import junction.load.cli.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Options of the fault scenarios that cannot work are usage errors (exit 2) before anything starts. */
class BenchOptionsTest {

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {
        "--scenario crash --duration 12s",
        "--scenario endpoint-outage --fault-for 90s --duration 100s",
        "--scenario poison --poison-kinds badJson,typo",
        "--scenario poison --poison-share 0",
        "--scenario crash --app-kafka nonsense",
        "--scenario crash --rate 0",
        "--scenario all --fault-for 0s",
        "--scenario scale-out --instances 1",
        "--scenario scale-out --instances 7",
        "--scenario join --cold-passes 0",
        "--scenario throughput --warmup-passes -1",
        "--scenario chaos"})
    void isAUsageErrorAndStartsNothing(String options) throws Exception {
        String[] args = ("bench --out " + out + " " + options).split(" ");

        assertThat(CommandLines.execute(new Harness(), args)).isEqualTo(CommandLines.USAGE);
        try (var entries = Files.list(out)) {
            assertThat(entries).as("report folders").isEmpty();
        }
    }

    @Test
    void aFaultMustFallWithinTheUpdatesAndTheProblemSaysSo() {
        FaultScenario crash = (FaultScenario) BenchCommand.FAULT_SCENARIOS.get("crash");
        FaultSettings faults = FaultSettings.defaults();

        assertThat(crash.problem(settings(Duration.ofSeconds(15), faults)))
                .isEqualTo("--duration (15s) must be longer than --fault-after + --fault-for (15s for crash):"
                        + " the fault happens during the updates");
        assertThat(crash.problem(settings(crash.defaultDuration(faults), faults))).isNull();
        assertThat(crash.defaultDuration(faults)).isEqualTo(Duration.ofSeconds(10 + 5 + 30));
    }

    @Test
    void everyFaultScenarioHasItsName() {
        assertThat(BenchCommand.FAULT_SCENARIOS.keySet()).containsExactly("endpoint-flaky", "endpoint-outage",
                "endpoint-slow", "crash", "broker-restart", "broker-loss", "rebalance", "poison", "endpoint-crawl", "endpoint-too-slow",
                "eos-slow", "outage-long", "poison-5xx", "auth-expired", "frozen-instance", "broker-kill");
    }

    @Test
    void issue12sScenariosLastAsLongAsItAsksByDefault() {
        FaultSettings faults = FaultSettings.defaults();
        FaultScenario crawl = (FaultScenario) BenchCommand.FAULT_SCENARIOS.get("endpoint-crawl");
        FaultScenario outage = (FaultScenario) BenchCommand.FAULT_SCENARIOS.get("outage-long");

        assertThat(crawl.defaultDuration(faults)).isEqualTo(Duration.ofSeconds(10 + 180 + 30));
        assertThat(outage.defaultDuration(faults)).isEqualTo(Duration.ofSeconds(10 + 420 + 30));
    }

    @Test
    void theWarmComparisonsTakeMorePairsThanThoseThatStartAProcessPerPass() {
        assertThat(new JoinScenario().defaultRepetitions()).isEqualTo(5);
        assertThat(new ThroughputScenario().defaultRepetitions()).isEqualTo(5);
        assertThat(new LatencyScenario().defaultRepetitions()).isEqualTo(3);
        assertThat(new BaselineScenario().defaultRepetitions()).isEqualTo(3);
    }

    private static BenchSettings settings(Duration duration, FaultSettings faults) {
        return new BenchSettings(1000, 100, 42, 6, duration, Duration.ofMinutes(1), "1g", Duration.ofSeconds(5),
                List.of(), List.of(), faults, 3);
    }

    @Test
    void benchChildrenStartTheHarnessEntryPoint() throws ClassNotFoundException {
        assertThat(Class.forName(BenchCluster.MAIN_CLASS)).isEqualTo(Harness.class);
    }
}
