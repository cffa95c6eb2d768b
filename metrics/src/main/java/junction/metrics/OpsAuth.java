package junction.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * Optional basic auth on the ops endpoints. Holds the expected {@code Authorization} value, never
 * shows it ({@link #toString()} names the user only), and compares in constant time.
 */
public final class OpsAuth {

    private static final OpsAuth NONE = new OpsAuth(null, null);

    private final String user;
    private final byte[] expected;

    private OpsAuth(String user, byte[] expected) {
        this.user = user;
        this.expected = expected;
    }

    /** No authentication: every request is served. */
    public static OpsAuth none() {
        return NONE;
    }

    public static OpsAuth basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new OpsAuth(user, ("Basic " + token).getBytes(StandardCharsets.UTF_8));
    }

    public boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may be served. */
    public boolean permits(String authorization) {
        if (expected == null) {
            return true;
        }
        return authorization != null
                && MessageDigest.isEqual(expected, authorization.strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return expected == null ? "none" : "basic (user " + user + ", password ****)";
    }
}
