package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import junction.load.FaultInjector.Answer;
import junction.load.FaultInjector.Verdict;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private static final int DRAWS = 20_000;

    private static List<Verdict> draw(EndpointFaults faults, int n) {
        FaultInjector injector = new FaultInjector(faults);
        List<Verdict> verdicts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            verdicts.add(injector.next());
        }
        return verdicts;
    }

    @Test
    void eachRateIsItsShareOfRequests() {
        EndpointFaults faults = EndpointFaults.builder().seed(7L)
                .resetRate(0.05).throttleRate(0.1).errorRate(0.3).slowRate(0.2).build();

        List<Verdict> verdicts = draw(faults, DRAWS);

        Map<Answer, Long> answers = verdicts.stream().collect(Collectors.groupingBy(Verdict::answer, Collectors.counting()));
        assertThat(answers.get(Answer.RESET) / (double) DRAWS).isCloseTo(0.05, within(0.01));
        assertThat(answers.get(Answer.THROTTLE) / (double) DRAWS).isCloseTo(0.1, within(0.01));
        assertThat(answers.get(Answer.ERROR) / (double) DRAWS).isCloseTo(0.3, within(0.015));
        assertThat(answers.get(Answer.NORMAL) / (double) DRAWS).isCloseTo(0.55, within(0.015));
        assertThat(verdicts.stream().filter(Verdict::slow).count() / (double) DRAWS).isCloseTo(0.2, within(0.015));
        assertThat(verdicts.stream().filter(v -> v.answer() == Answer.ERROR).map(Verdict::status))
                .containsOnly(500, 502, 503).contains(500, 502, 503);
        assertThat(verdicts.stream().filter(v -> v.answer() != Answer.ERROR)).allSatisfy(v -> assertThat(v.status()).isZero());
    }

    @Test
    void delaysAreTheLatencyPlusJitterPlusTheSlowDelay() {
        Duration latency = Duration.ofMillis(10);
        Duration jitter = Duration.ofMillis(5);
        Duration slowDelay = Duration.ofSeconds(3);
        EndpointFaults faults = EndpointFaults.builder().seed(1L)
                .latency(latency).jitter(jitter).slowRate(0.5).slowDelay(slowDelay).build();

        List<Verdict> verdicts = draw(faults, 1_000);

        assertThat(verdicts).allSatisfy(v -> {
            Duration base = v.slow() ? latency.plus(slowDelay) : latency;
            assertThat(v.delay()).isGreaterThanOrEqualTo(base).isLessThan(base.plus(jitter));
        });
        assertThat(verdicts.stream().map(Verdict::delay).distinct().count()).as("jitter varies the delay").isGreaterThan(100);
    }

    @Test
    void noFaultsGiveImmediateNormalAnswers() {
        assertThat(draw(EndpointFaults.NONE, 1_000))
                .allSatisfy(v -> assertThat(v).isEqualTo(new Verdict(Duration.ZERO, false, Answer.NORMAL, 0)));
    }

    @Test
    void aSeedGivesTheSameVerdictsEveryTime() {
        Function<Long, List<Verdict>> run = seed -> draw(EndpointFaults.builder().seed(seed)
                .errorRate(0.3).resetRate(0.1).slowRate(0.1).jitter(Duration.ofMillis(50)).build(), 500);

        assertThat(run.apply(99L)).isEqualTo(run.apply(99L)).isNotEqualTo(run.apply(100L));
    }
}
