package junction.metrics;

import java.time.Instant;

/** Recorded-looking samples for tests: a healthy pipeline at 100 records/s unless told otherwise. */
final class SampleBuilder {

    private Instant time = Instant.parse("2026-01-01T00:00:00Z");
    private double consumeRate = 100;
    private double joinedRate = 100;
    private double deliveredRate = 100;
    private double requestRate = 2;
    private double errorRatio = 0;
    private double endpointLatencyMs = 20;
    private double lagRecords = 10;
    private double lagSeconds = 0.1;
    private double buffered = 50;
    private double inFlight = 2;
    private double concurrencyLimit = 8;
    private double processRatio = 0.3;
    private double pollRatio = 0.5;
    private double pollLatencyMs = 5;
    private double commitLatencyMs = 5;
    private double deadLetterRate = 0;
    private double hostCpu = 0.3;
    private double hostMemoryUsed = 0.5;

    SampleBuilder time(Instant value) { time = value; return this; }
    SampleBuilder input(double value) { consumeRate = value; joinedRate = value; deliveredRate = value; return this; }
    SampleBuilder deliveredRate(double value) { deliveredRate = value; return this; }
    SampleBuilder requestRate(double value) { requestRate = value; return this; }
    SampleBuilder errorRatio(double value) { errorRatio = value; return this; }
    SampleBuilder endpointLatencyMs(double value) { endpointLatencyMs = value; return this; }
    SampleBuilder lag(double records, double seconds) { lagRecords = records; lagSeconds = seconds; return this; }
    SampleBuilder buffered(double value) { buffered = value; return this; }
    SampleBuilder inFlight(double value, double limit) { inFlight = value; concurrencyLimit = limit; return this; }
    SampleBuilder threads(double process, double poll) { processRatio = process; pollRatio = poll; return this; }
    SampleBuilder brokerLatencyMs(double poll, double commit) { pollLatencyMs = poll; commitLatencyMs = commit; return this; }
    SampleBuilder deadLetterRate(double value) { deadLetterRate = value; return this; }
    SampleBuilder host(double cpu, double memory) { hostCpu = cpu; hostMemoryUsed = memory; return this; }

    PipelineSample build() {
        return new PipelineSample(time, 10, consumeRate, joinedRate, deliveredRate, 0, deadLetterRate, requestRate,
                errorRatio, endpointLatencyMs, 10, 50, 90, lagRecords, lagSeconds, buffered, inFlight,
                concurrencyLimit, processRatio, pollRatio, 0.05, pollLatencyMs, commitLatencyMs, 0, hostCpu,
                hostMemoryUsed, 0.1, 0, 0, 0, 0, 0);
    }

    static SampleBuilder healthy() {
        return new SampleBuilder();
    }

    static SampleBuilder idle() {
        return new SampleBuilder().input(0).requestRate(0).lag(0, 0).buffered(0).inFlight(0, 8).threads(0, 0.99)
                .brokerLatencyMs(100, 3);
    }
}
