package junction.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Order;

/**
 * An integration test class that runs half a minute or more on the wall clock (a fault's length,
 * child JVMs). The integration tests' JVM runs classes side by side and starts these before the
 * others (JUnit's {@code ClassOrderer.OrderAnnotation}, set in the pom), so the short classes fill
 * in around them: started last, one of them ran 30 s alone at the end of the phase.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Order(1)
public @interface StartsFirst {
}
