package junction.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code Retry-After} response header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {

    static final String HEADER = "Retry-After";

    private RetryAfter() {
    }

    /** The delay the header asks for, never negative; empty when absent or unreadable. */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(now, at);
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /**
     * The wait before retrying after a {@code Retry-After}: at least {@code floor} (a "0" must not
     * turn retries into a busy loop), plus up to a tenth more, at most one second, drawn at random,
     * so the lanes that were told the same time do not come back in one burst.
     */
    static Duration withFloorAndJitter(Duration asked, Duration floor) {
        Duration base = asked.compareTo(floor) < 0 ? floor : asked;
        long jitterBound = Math.min(base.toNanos() / 10, Duration.ofSeconds(1).toNanos());
        return base.plusNanos(jitterBound > 0 ? ThreadLocalRandom.current().nextLong(jitterBound + 1) : 0);
    }
}
