package junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSamplerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMeters meters = new PipelineMeters(registry);
    private final MutableClock clock = new MutableClock();
    private final PipelineSampler sampler = new PipelineSampler(registry, clock, 3);

    @Test
    void ratesAndRatiosCoverOnlyTheInterval() {
        meters.joined.increment(50);
        sampler.sample();
        meters.joined.increment(100);
        meters.delivered.increment(80);
        meters.requests2xx.increment(9);
        meters.requests5xx.increment(1);
        meters.requestLatency.record(Duration.ofMillis(30));
        meters.requestLatency.record(Duration.ofMillis(10));
        meters.inFlight.set(8);
        clock.advance(Duration.ofSeconds(10));

        PipelineSample sample = sampler.sample();

        assertThat(sample.joinedRate()).isEqualTo(10.0);
        assertThat(sample.deliveredRate()).isEqualTo(8.0);
        assertThat(sample.errorRatio()).isEqualTo(0.1);
        assertThat(sample.endpointLatencyMs()).isCloseTo(20.0, within(0.01));
        assertThat(sample.inFlight()).isEqualTo(8.0);
        assertThat(sample.concurrencyLimit()).isEqualTo(8.0);
        assertThat(sample.joinedTotal()).isEqualTo(150.0);
    }

    @Test
    void absentMetersGiveNanOrZero() {
        clock.advance(Duration.ofSeconds(10));
        PipelineSample sample = new PipelineSampler(new SimpleMeterRegistry(), clock, 3).sample();

        assertThat(sample.processRatio()).isNaN();
        assertThat(sample.buffered()).isNaN();
        assertThat(sample.errorRatio()).isNaN();
        assertThat(sample.e2eP99Ms()).isNaN();
        assertThat(sample.joinedRate()).isZero();
        assertThat(sample.lagRecords()).isZero();
    }

    @Test
    void e2ePercentilesComeFromTheIntervalsHistogram() {
        for (int i = 0; i < 1000; i++) {
            meters.e2e.record(Duration.ofMillis(5_000));
        }
        sampler.sample();
        for (int i = 1; i <= 100; i++) {
            meters.e2e.record(Duration.ofMillis(i));
        }
        clock.advance(Duration.ofSeconds(10));

        PipelineSample sample = sampler.sample();

        // Only the values 1..100 ms of this interval count; bucket interpolation is within a bucket.
        assertThat(sample.e2eP50Ms()).isBetween(40.0, 60.0);
        assertThat(sample.e2eP99Ms()).isBetween(85.0, 110.0);
        double[] window = sampler.e2eLatencyMs(Duration.ofMinutes(5));
        assertThat(window[1]).as("p95 over 5 min includes the 5 s values").isGreaterThan(4_000);
    }

    @Test
    void keepsTheLastCapacitySamplesOldestFirst() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            sampler.sample();
        }

        List<PipelineSample> samples = sampler.samples();

        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).time()).isBefore(samples.get(2).time());
        assertThat(samples.get(2).time()).isEqualTo(clock.instant());
    }

    @Test
    void rendersCsvWithAHeaderAndJsonWithNullForNan() throws Exception {
        clock.advance(Duration.ofSeconds(10));
        sampler.sample();

        String csv = SampleFormat.CSV.render(sampler.samples());
        String[] lines = csv.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("time,intervalSeconds,consumeRate,");
        assertThat(lines[1].split(",", -1)).hasSize(PipelineSample.class.getRecordComponents().length);
        assertThat(lines[1]).startsWith("2026-01-01T00:00:10Z,10.0,");

        JsonNode json = new ObjectMapper().readTree(SampleFormat.JSON.render(sampler.samples()));
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).get("time").asText()).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(json.get(0).get("processRatio").isNull()).isTrue();
        assertThat(json.get(0).get("concurrencyLimit").asDouble()).isEqualTo(8.0);
    }
}
