package junction.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where a secret comes from: {@code env:NAME} (an environment variable) or {@code file:/path} (the
 * file's content, surrounding whitespace stripped). A secret is never given as a value, so it shows
 * up neither in {@code ps} nor in a printed configuration. Errors name the setting and the source,
 * never the secret.
 */
public final class SecretSource {

    static final String ENV = "env:";
    static final String FILE = "file:";

    private SecretSource() {
    }

    /** The problem of a source as one line naming the setting, or null. */
    static String problem(String setting, String source) {
        if (source != null && (source.startsWith(ENV) || source.startsWith(FILE)) && source.indexOf(':') + 1 < source.length()) {
            return null;
        }
        return setting + " must be env:NAME or file:/path, was " + (source == null ? "null" : "'" + source + "'");
    }

    public static String read(String setting, String source) {
        return read(setting, source, System::getenv);
    }

    /** As {@link #read(String, String)} with the environment given, for tests. */
    static String read(String setting, String source, UnaryOperator<String> environment) {
        String problem = problem(setting, source);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (source.startsWith(ENV)) {
            String name = source.substring(ENV.length());
            String value = environment.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(setting + ": environment variable " + name + " is not set");
            }
            return value.strip();
        }
        Path file = Path.of(source.substring(FILE.length()));
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(setting + ": file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
