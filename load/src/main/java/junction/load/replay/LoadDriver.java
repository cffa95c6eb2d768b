package junction.load.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;

/**
 * Runs a {@link LoadPlan} on an {@link IngestJob}: each step's updates at the step's rate, paced
 * by the job. A step's failures are the producer's failures counted while it ran, settled by the
 * flush that ends each step.
 */
public final class LoadDriver {

    /** What a step did: updates sent in its time, and how many of them the broker did not take. */
    public record StepResult(LoadPlan.Step step, long sent, long nanos, long failed) {

        public double achievedRate() {
            return nanos == 0 ? 0 : sent * 1e9 / nanos;
        }

        public String line() {
            return String.format(Locale.ROOT, "step %-10s target %,8.0f/s  achieved %,8.0f/s  (%,d sent in %.1f s)  %,d failed",
                    step.name(), step.rate(), achievedRate(), sent, nanos / 1e9, failed);
        }
    }

    private final IngestJob job;
    private final InputProducer producer;
    private volatile boolean stopped;

    public LoadDriver(IngestJob job, InputProducer producer) {
        this.job = job;
        this.producer = producer;
    }

    /** Runs the steps in order, telling {@code afterStep} about each as it ends; stops early if the job is stopped. */
    public List<StepResult> run(LoadPlan plan, Consumer<StepResult> afterStep) {
        List<StepResult> results = new ArrayList<>();
        for (LoadPlan.Step step : plan.steps()) {
            long failedBefore = producer.failed();
            long started = System.nanoTime();
            long sent = job.updates(step.rate(), step.duration());
            StepResult result = new StepResult(step, sent, System.nanoTime() - started, producer.failed() - failedBefore);
            results.add(result);
            afterStep.accept(result);
            if (stopped) {
                break;
            }
        }
        return results;
    }

    /** Ends the running step after the record in hand and skips the rest; for any thread. */
    public void stop() {
        stopped = true;
        job.stop();
    }
}
