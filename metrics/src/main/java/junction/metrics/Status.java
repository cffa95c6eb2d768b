package junction.metrics;

import com.fasterxml.jackson.annotation.JsonValue;

/** The threshold status of one summary signal; UNKNOWN when it has no value (meter absent). */
public enum Status {
    OK, WARNING, CRITICAL, UNKNOWN;

    /** The worse of two statuses; a known status beats UNKNOWN. */
    Status worse(Status other) {
        if (this == UNKNOWN) {
            return other;
        }
        return other == UNKNOWN || other.ordinal() < ordinal() ? this : other;
    }

    @Override
    @JsonValue
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
