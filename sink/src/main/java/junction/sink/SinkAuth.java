package junction.sink;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

/**
 * How the sink authenticates to the endpoint: not at all, with a bearer token, or with basic auth.
 * The configuration holds where the secret is ({@link SecretSource}: {@code env:NAME} or
 * {@code file:/path}), never the secret, so printing it is safe; the secret is read when the sink
 * starts.
 */
public record SinkAuth(Scheme scheme, String username, String secretSource) {

    public enum Scheme { NONE, BEARER, BASIC }

    public static SinkAuth none() {
        return new SinkAuth(Scheme.NONE, null, null);
    }

    /** {@code Authorization: Bearer <token>}, the token read from {@code tokenSource}. */
    public static SinkAuth bearer(String tokenSource) {
        return new SinkAuth(Scheme.BEARER, null, tokenSource);
    }

    /** {@code Authorization: Basic ...}, the password read from {@code passwordSource}. */
    public static SinkAuth basic(String username, String passwordSource) {
        return new SinkAuth(Scheme.BASIC, username, passwordSource);
    }

    /** The first problem as one line naming the setting, or null. */
    String problem() {
        if (scheme == null) {
            return "sink.auth must be NONE, BEARER or BASIC, was null";
        }
        if (scheme == Scheme.BASIC && (username == null || username.isEmpty() || username.contains(":"))) {
            return "sink.auth.username must be a non-empty name without ':', was " + username;
        }
        return scheme == Scheme.NONE ? null : SecretSource.problem("sink.auth.secret", secretSource);
    }

    /** Reads the secret and builds the {@code Authorization} header; null for {@link Scheme#NONE}. */
    AuthorizationHeader resolve() {
        return switch (scheme) {
            case NONE -> null;
            case BEARER -> {
                String token = SecretSource.read("sink.auth.secret", secretSource);
                yield new AuthorizationHeader("Bearer " + token, token);
            }
            case BASIC -> {
                String password = SecretSource.read("sink.auth.secret", secretSource);
                yield new AuthorizationHeader("Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8)), password);
            }
        };
    }

    @Override
    public String toString() {
        return switch (scheme == null ? Scheme.NONE : scheme) {
            case NONE -> "none";
            case BEARER -> "bearer token from " + secretSource;
            case BASIC -> "basic " + username + " password from " + secretSource;
        };
    }

    /** The value of the {@code Authorization} header; its toString never shows it. */
    static final class AuthorizationHeader {
        private static final String MASK = "****";
        private final String value;
        private final String secret;

        private AuthorizationHeader(String value, String secret) {
            this.value = value;
            this.secret = secret;
        }

        String value() {
            return value;
        }

        /** {@code text} with the header value and the secret masked, e.g. an endpoint's answer that echoes them. */
        String redact(String text) {
            return text.replace(value, MASK).replace(secret, MASK);
        }

        @Override
        public String toString() {
            return "Authorization: " + MASK;
        }
    }
}
