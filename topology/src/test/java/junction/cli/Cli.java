package junction.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Test helpers for the command-line layer: parse options the way {@link CommandLines} does but
 * with a given environment and properties file, or run a command through
 * {@link CommandLines#execute} with its console captured.
 */
public final class Cli {

    private Cli() {
    }

    /** Parses {@code args} into {@code options} with no environment and no properties file. */
    public static <T> T parse(T options, String... args) {
        return parse(options, new Properties(), Map.of(), args);
    }

    public static <T> T parse(T options, Properties file, Map<String, String> env, String... args) {
        commandLine(options, new ConfigDefaults(file, env)).parseArgs(args);
        return options;
    }

    public static CommandLine commandLine(Object command, ConfigDefaults defaults) {
        return new CommandLine(command)
                .registerConverter(Duration.class, new Durations())
                .registerConverter(java.net.URI.class, CommandLines::uri)
                .setDefaultValueProvider(defaults);
    }

    /** What a command printed and returned. */
    public record Run(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs {@link CommandLines#execute} with System.out and System.err captured, then restored. */
    public static Run execute(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exitCode = CommandLines.execute(command, args);
            System.out.flush();
            System.err.flush();
            return new Run(exitCode, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
