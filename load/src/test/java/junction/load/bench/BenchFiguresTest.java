package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {

    @Test
    void perSecondIsRecordsOverElapsedTimeRounded() {
        assertThat(BenchFigures.perSecond(110_000, Duration.ofMillis(11_000))).isEqualTo(10_000);
        assertThat(BenchFigures.perSecond(1_000, Duration.ofMillis(3_000))).isEqualTo(333);
        assertThat(BenchFigures.perSecond(2, Duration.ofMillis(3_000))).isEqualTo(1);
    }

    @Test
    void perSecondOfNoTimeIsZeroNotInfinity() {
        assertThat(BenchFigures.perSecond(500, Duration.ZERO)).isZero();
        assertThat(BenchFigures.perSecond(500, Duration.ofSeconds(-1))).isZero();
    }

    @Test
    void ratioKeepsThreeDecimals() {
        assertThat(BenchFigures.ratio(8_123, 10_000)).isEqualTo(0.812);
        assertThat(BenchFigures.ratio(20_000, 40)).isEqualTo(500.0);
        assertThat(BenchFigures.ratio(2, 3)).isEqualTo(0.667);
    }

    @Test
    void ratioWithoutAPositiveDenominatorIsZero() {
        assertThat(BenchFigures.ratio(5, 0)).isZero();
        assertThat(BenchFigures.ratio(5, Double.NaN)).isZero();
        assertThat(BenchFigures.ratio(5, -2)).isZero();
    }

    @Test
    void secondsHaveOneDecimal() {
        assertThat(BenchFigures.seconds(Duration.ofMillis(12_345))).isEqualTo(12.3);
        assertThat(BenchFigures.seconds(Duration.ofMillis(12_350))).isEqualTo(12.4);
    }

    @Test
    void peakIgnoresUnmeasuredValues() {
        assertThat(BenchFigures.peak(new double[] {Double.NaN, 300, 512.5, Double.NaN, 400})).isEqualTo(512.5);
        assertThat(BenchFigures.peak(new double[] {Double.NaN, Double.NaN})).isZero();
        assertThat(BenchFigures.peak(new double[0])).isZero();
    }

    @Test
    void anAppRunsRatesUseItsElapsedTime() {
        AppRun run = new AppRun("app", Duration.ofSeconds(4), 2_200, 2_000, 1_800);
        assertThat(run.inputPerSec()).isEqualTo(550);
        assertThat(run.deliveredPerSec()).isEqualTo(450);
        assertThat(run.seconds()).isEqualTo(4.0);
    }
}
