package junction.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every junction command behaves: flags over environment over
 * properties file over defaults ({@link ConfigDefaults}), durations written as {@code 20ms} or
 * {@code 5s}, and a user error answered with one line naming the option and why, exit code 2,
 * no stack trace.
 */
public final class CommandLines {

    /** Exit code for a bad option or configuration; 1 is left for failures at run time. */
    public static final int USAGE = 2;

    private CommandLines() {
    }

    public static int execute(Object command, String[] args) {
        CommandLine cli;
        try {
            cli = parser(command).setDefaultValueProvider(ConfigDefaults.from(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("junction: " + e.getMessage());
            return USAGE;
        }
        cli.setParameterExceptionHandler((ex, argv) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
                    + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /**
     * The command's parser with junction's value converters, without defaults from the environment
     * or a config file; deployment tests parse the arguments a manifest passes with it.
     */
    public static CommandLine parser(Object command) {
        return new CommandLine(command)
                .registerConverter(Duration.class, new Durations())
                .registerConverter(URI.class, CommandLines::uri);
    }

    /** A URI, or why it is none in words (picocli's default shows the exception class). */
    static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a URI: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    /** A problem the user can fix (an option, a file, an address): reported in one line. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }
    }
}
