package junction.load;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real KRaft broker ({@link EmbeddedKafka}) for every test class of a test JVM that asks for
 * it: {@code @ExtendWith(SharedKafka.class)} and an {@link EmbeddedKafka} parameter. Starting a
 * broker costs seconds; a test JVM (failsafe's) starts it once, keeps it in the root context's
 * store, and JUnit closes it when the JVM's tests are over. Tests sharing it stay apart by names
 * only: each takes its topics and application id from {@link #uniqueName}.
 */
public final class SharedKafka implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public EmbeddedKafka resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** The JVM's broker, started on first use; closed by JUnit at the end (it is AutoCloseable). */
    public static EmbeddedKafka broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(EmbeddedKafka.class, type -> EmbeddedKafka.start(), EmbeddedKafka.class);
    }

    /** {@code base} with a suffix no other call in this JVM gets: a prefix for one run's topics and group. */
    public static String uniqueName(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }
}
