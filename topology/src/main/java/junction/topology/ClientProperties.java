package junction.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The part of a set of Kafka settings one client understands. junction's side clients (admin,
 * dead-letter producer, readers) connect the way the stream threads do — bootstrap, security,
 * anything passed with {@code --kafka} — without the rest, which a client would log as unknown.
 */
public final class ClientProperties {

    private ClientProperties() {
    }

    /** The entries of {@code settings} whose key is one of {@code known} (a client's {@code configNames()}). */
    public static Map<String, Object> of(Map<?, ?> settings, Set<String> known) {
        Map<String, Object> config = new HashMap<>();
        settings.forEach((key, value) -> {
            if (known.contains(key.toString())) {
                config.put(key.toString(), value);
            }
        });
        return config;
    }
}
