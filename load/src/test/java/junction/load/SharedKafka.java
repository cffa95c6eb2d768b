package junction.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import junction.topology.AppConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real KRaft broker ({@link EmbeddedKafka}) for every test class of a test JVM that asks for
 * it: {@code @ExtendWith(SharedKafka.class)} and an {@link EmbeddedKafka} parameter. Starting a
 * broker costs seconds; a test JVM (failsafe's, one for all integration tests) starts it once, on
 * first use, and stops it when the JVM exits. Tests sharing it run side by side and stay apart by
 * names only: each takes its topics and application id from {@link #uniqueName} (or
 * {@link #withOwnNames}).
 *
 * <p>Not in JUnit's root context store: with several forks, failsafe runs each test class as a
 * launcher execution of its own, and JUnit closes the root context (and what its store holds)
 * after each, so a broker kept there lived for one class (28 broker starts per verify).
 */
public final class SharedKafka implements ParameterResolver {

    /** See {@link #pipelineOptions}. */
    private static final Duration INPUT_LINGER = Duration.ofMillis(20);

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedKafka broker;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public EmbeddedKafka resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }

    /** The JVM's broker, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            EmbeddedKafka started = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    /**
     * {@link Pipeline.Options#of} for a pipeline on this JVM's broker, its generator's producer
     * lingering 20 ms. The default 1 ms sends a steady trickle of updates as one produce request per
     * record, and each of those sets off the app's fetches and its writes to four internal topics:
     * the request handling of the shared brokers was the largest single CPU user of the integration
     * tests. At 20 ms the same updates travel in batches; the tests check delivery, not latency.
     * Measured over six of the heaviest test classes: 213 CPU-seconds at 1 ms, 148 at 20 ms.
     */
    public static Pipeline.Options pipelineOptions(int customers, int skus) {
        return Pipeline.Options.of(customers, skus).withInputLinger(INPUT_LINGER);
    }

    /** {@code base} with a suffix no other call in this JVM gets: a prefix for one run's topics and group. */
    public static String uniqueName(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /**
     * {@code app} with topics and an application id (so a consumer group) that no other run on this
     * JVM's broker has: each is {@link #uniqueName}{@code (base)} followed by the default name.
     */
    public static AppConfig withOwnNames(AppConfig app, String base) {
        String prefix = uniqueName(base);
        return app.withTopics(prefix + "-customers", prefix + "-inventory", prefix + "-customer-inventory", prefix + "-dlq")
                .withApplication(prefix, app.stateDir());
    }
}
