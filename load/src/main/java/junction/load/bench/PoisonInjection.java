package junction.load.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import junction.cli.Durations;

/**
 * {@code poison}: while the fault lasts, a share of the input records are malformed
 * ({@link PoisonKind}), mixed into the valid updates on both input topics. Each must land in the
 * dead-letter topic, and nothing else may.
 */
final class PoisonInjection implements Fault {

    @Override
    public String describe(FaultRun run) {
        FaultSettings settings = run.settings();
        return String.format(Locale.ROOT, "for %s, %.1f%% of input records malformed: %s, in turn, on both input topics",
                Durations.format(run.length()), settings.poisonShare() * 100,
                String.join(", ", settings.poisonKinds().stream().sorted().map(PoisonKind::label).toList()));
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Ending begin(FaultRun run) {
        FaultSettings settings = run.settings();
        // Poison at this rate is the given share of all records sent (valid updates plus poison).
        double rate = settings.rate() * settings.poisonShare() / (1 - settings.poisonShare());
        List<PoisonKind> kinds = settings.poisonKinds().stream().sorted().toList();
        PoisonFeed feed = new PoisonFeed(run.run().producer(), kinds, rate);
        feed.start();
        return () -> run.injected(feed.stop());
    }
}
