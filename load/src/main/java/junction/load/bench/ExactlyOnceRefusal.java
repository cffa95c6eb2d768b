package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import junction.cli.Durations;
import junction.load.CommitWatcher;
import junction.load.EndpointFaults;

/**
 * {@code eos-slow}: while the endpoint answers every request after 4 s, a second app is started
 * with {@code --processing-guarantee exactly_once_v2} (under its own application id). Waiting for
 * a slow endpoint inside a Kafka transaction aborts it and replays the same records without end,
 * so the app must refuse that combination at start: exit code 2 and one line naming the option.
 * The first app (at-least-once) rides out the slow answers, and the run ends in the verifier.
 */
final class ExactlyOnceRefusal implements Fault {

    static final String INSTANCE = "app_eos";
    static final Duration ANSWERS = Duration.ofSeconds(4);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String OPTION = "--processing-guarantee";

    @Override
    public String describe(FaultRun run) {
        return "every answer after " + Durations.format(ANSWERS) + " for " + Durations.format(run.length())
                + "; meanwhile an app with " + OPTION + " exactly_once_v2 is started and must be refused";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Ending begin(FaultRun run) throws InterruptedException {
        run.cluster().endpoint().faults(EndpointFaults.builder().latency(ANSWERS).build());
        ChildProcess eos = run.run().launchInstance(INSTANCE, run.applicationId() + "-eos",
                List.of(OPTION, "exactly_once_v2"));
        boolean started;
        try {
            eos.awaitLine(BenchCluster.APP_OPS, START_TIMEOUT);
            started = true;
        } catch (IllegalStateException exited) {
            started = false;
        } catch (TimeoutException e) {
            started = eos.isAlive();
        }
        run.figure("eosStarted", started);
        if (!started) {
            try {
                run.figure("eosExitCode", eos.awaitExit(EXIT_TIMEOUT));
            } catch (TimeoutException e) {
                run.figure("eosExitCode", "still running");
            }
            run.figure("eosRefusal", String.join(" | ", linesNaming(eos, OPTION)));
        }
        return () -> {
            run.cluster().stop(INSTANCE);
            run.cluster().endpoint().clearFaults();
        };
    }

    @Override
    public String problem(FaultRun run, CommitWatcher.Report commits) {
        Object exitCode = run.figures().get("eosExitCode");
        Object refusal = run.figures().get("eosRefusal");
        if (Boolean.TRUE.equals(run.figures().get("eosStarted"))) {
            return "an app with " + OPTION + " exactly_once_v2 and the HTTP sink started; expected a refusal at start";
        }
        if (!Integer.valueOf(2).equals(exitCode) || refusal == null || refusal.toString().isEmpty()
                || refusal.toString().contains(" | ")) {
            return "the exactly_once_v2 app exited with " + exitCode + " and printed " + refusal
                    + "; expected exit code 2 and one line naming " + OPTION;
        }
        return null;
    }

    /** The lines of the child's output that name the option (the start-up refusal, if any). */
    private static List<String> linesNaming(ChildProcess child, String option) {
        try {
            return Files.readAllLines(child.logFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(option)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + child.name(), e);
        }
    }
}
