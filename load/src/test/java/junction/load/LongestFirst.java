package junction.load;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order in which the integration tests' JVM starts its classes (set in the pom): longest first,
 * by {@link Takes}, then by name. Four classes run side by side; started last, a long class runs
 * alone at the end of the phase ({@code LongOutageTest} did, for 30 s), while started first the short
 * ones fill in around it.
 */
public final class LongestFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(LongestFirst::seconds).reversed()
                .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static int seconds(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(Takes.class).map(Takes::seconds).orElse(0);
    }
}
