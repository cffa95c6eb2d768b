package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstReadingOnlySetsTheStart() {
        assertThat(new CounterRate().next(1_000, SECOND)).isNaN();
    }

    @Test
    void rateIsTheIncreaseOverTheTimeBetweenReadings() {
        CounterRate rate = new CounterRate();
        rate.next(1_000, SECOND);
        assertThat(rate.next(3_000, 2 * SECOND)).isEqualTo(2_000.0);
        assertThat(rate.next(4_000, 4 * SECOND)).isEqualTo(500.0);
        assertThat(rate.next(4_000, 5 * SECOND)).isZero();
    }

    @Test
    void aCounterThatWentDownWasResetAndCountsFromZero() {
        CounterRate rate = new CounterRate();
        rate.next(50_000, SECOND);
        assertThat(rate.next(300, 2 * SECOND)).isEqualTo(300.0);
        assertThat(rate.next(900, 3 * SECOND)).isEqualTo(600.0);
    }

    @Test
    void readingsAtTheSameInstantGiveNoRate() {
        CounterRate rate = new CounterRate();
        rate.next(10, SECOND);
        assertThat(rate.next(20, SECOND)).isNaN();
    }
}
