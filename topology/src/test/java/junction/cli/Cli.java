package junction.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /**
     * Runs {@link CommandLines#execute} with what the calling thread prints captured. Only this
     * thread's: the integration tests run side by side in one JVM, and swapping System.out and
     * System.err for every thread took in the lines of tests running beside it and sent a command
     * running beside it to the wrong writer (picocli re-creates a writer from System.err).
     */
    public static Run execute(Object command, String... args) {
        ThreadConsole.install();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        ThreadConsole.OUT.capture(outBytes);
        ThreadConsole.ERR.capture(errBytes);
        try {
            int exitCode = CommandLines.execute(command, args);
            System.out.flush();
            System.err.flush();
            return new Run(exitCode, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            ThreadConsole.OUT.release();
            ThreadConsole.ERR.release();
        }
    }

    /**
     * System.out or System.err routed per thread: into the thread's capture while it has one,
     * else into the stream it replaced. Installed once per JVM and left in place, so the
     * System streams every thread sees never change under it.
     */
    private static final class ThreadConsole extends OutputStream {

        static final ThreadConsole OUT = new ThreadConsole(System.out);
        static final ThreadConsole ERR = new ThreadConsole(System.err);
        private static boolean installed;

        private final OutputStream replaced;
        private final ThreadLocal<OutputStream> capture = new ThreadLocal<>();

        private ThreadConsole(OutputStream replaced) {
            this.replaced = replaced;
        }

        static synchronized void install() {
            if (!installed) {
                System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
                installed = true;
            }
        }

        void capture(OutputStream into) {
            capture.set(into);
        }

        void release() {
            capture.remove();
        }

        private OutputStream target() {
            OutputStream into = capture.get();
            return into != null ? into : replaced;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target().write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
