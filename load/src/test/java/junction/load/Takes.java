package junction.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * About how long an integration test class runs on the wall clock in a full run (a fault's length,
 * child JVMs): {@link LongestFirst} starts the longest classes first. Classes under 25 s leave it
 * out.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Takes {

    /** Seconds, rounded; a class that says none counts as 0. */
    int seconds();
}
