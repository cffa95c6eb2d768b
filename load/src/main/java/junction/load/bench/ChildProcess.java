package junction.load.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import junction.metrics.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java child process running a main class on this JVM's classpath, so a benchmark can kill the
 * broker, the endpoint or the stream app independently of itself. Its stdout and stderr go,
 * merged, through a pump thread into a log file; the pump counts the lines it has written so
 * {@link #awaitLine} can read the file and wait for the next line without polling.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    /** How long {@link #close()} lets a child shut down gracefully before killing it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    /** A killed process is gone at once; this only bounds the wait for the kernel to reap it. */
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread pump;
    private final Object lines = new Object();
    private long linesWritten;
    private boolean outputClosed;

    private ChildProcess(String name, Process process, Path logFile) throws IOException {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.pump = DaemonThreads.thread("child-" + name + "-output", () -> pump(out));
        pump.start();
    }

    /**
     * Starts {@code java [jvmOptions] -cp <this classpath> mainClass [args]}.
     *
     * @param name a short name for logs and the pump thread, e.g. "broker"
     * @param logFile where the child's stdout and stderr go (created or truncated)
     */
    public static ChildProcess start(String name, String mainClass, List<String> jvmOptions, List<String> args,
            Path logFile) {
        return start(name, mainClass, System.getProperty("java.class.path"), jvmOptions, args, logFile);
    }

    /** Like {@link #start(String, String, List, List, Path)} on the given classpath. */
    public static ChildProcess start(String name, String mainClass, String classpath, List<String> jvmOptions,
            List<String> args, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            log.info("started {} (pid {}): {} {}, log {}", name, process.pid(), mainClass, args, logFile);
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + mainClass + ")", e);
        }
    }

    /** Copies the child's output to the log line by line, flushing each so readers see whole lines. */
    private void pump(BufferedWriter out) {
        try (out; BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (lines) {
                    linesWritten++;
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            log.warn("lost the output of {}: {}", name, e.toString());
        } finally {
            synchronized (lines) {
                outputClosed = true;
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits until the child has printed a line matching the pattern (searched with
     * {@link Matcher#find()}, from the first line it ever printed) and returns the match.
     *
     * @throws TimeoutException if no such line came within the timeout
     * @throws IllegalStateException if the child's output ended (it exited) without such a line
     */
    public MatchResult awaitLine(Pattern pattern, Duration timeout) throws TimeoutException, InterruptedException {
        return awaitLine(pattern, timeout, 0);
    }

    /**
     * Like {@link #awaitLine(Pattern, Duration)}, among the lines printed after the first
     * {@code skip} ({@link #linesPrinted()} before asking the child for something new).
     */
    public MatchResult awaitLine(Pattern pattern, Duration timeout, long skip) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (BufferedReader reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            long read = 0;
            while (true) {
                long available;
                boolean closed;
                synchronized (lines) {
                    while (linesWritten == read && !outputClosed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new TimeoutException(name + " printed no line matching '" + pattern
                                    + "' within " + timeout + " (log: " + logFile + ")");
                        }
                        TimeUnit.NANOSECONDS.timedWait(lines, left);
                    }
                    available = linesWritten;
                    closed = outputClosed;
                }
                // Only whole lines, as counted by the pump: never a line it is still writing.
                for (; read < available; read++) {
                    Matcher matcher = pattern.matcher(reader.readLine());
                    if (read >= skip && matcher.find()) {
                        return matcher.toMatchResult();
                    }
                }
                if (closed) {
                    throw new IllegalStateException(name + " ended its output" + exitDescription()
                            + " without printing a line matching '" + pattern + "' (log: " + logFile + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + name, e);
        }
    }

    private String exitDescription() {
        try {
            // The output closes just before the exit: give the exit code a moment to exist.
            return process.waitFor(1, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public String name() {
        return name;
    }

    /** Whole lines the child has printed so far. */
    public long linesPrinted() {
        synchronized (lines) {
            return linesWritten;
        }
    }

    /** Writes one line to the child's standard input, for a child that takes commands there. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name + " (log: " + logFile + ")", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The exit code once the child has exited (143 after SIGTERM, 137 after SIGKILL for a JVM). */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @throws TimeoutException if it is still running after the timeout
     */
    public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException(name + " still running after " + timeout);
        }
        return finish();
    }

    /**
     * Asks the child to stop (SIGTERM, so its shutdown hooks run) and kills it (SIGKILL) if it is
     * still running after the grace period.
     *
     * @return the exit code
     */
    public int terminate(Duration grace) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the child's output
        // and lose what its shutdown hooks print.
        process.toHandle().destroy();
        if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            log.warn("{} (pid {}) did not stop within {} of SIGTERM: killing it", name, pid(), grace);
            return kill();
        }
        return finish();
    }

    /** Kills the child at once (SIGKILL): no shutdown hook runs, as in a crash. Returns the exit code. */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(REAP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for " + REAP_TIMEOUT);
        }
        return finish();
    }

    /** After the exit: lets the pump write the last lines, so the log is complete when we return. */
    private int finish() throws InterruptedException {
        pump.join(REAP_TIMEOUT.toMillis());
        return process.exitValue();
    }

    /** Terminates the child if it still runs; see {@link #terminate(Duration)}. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                terminate(CLOSE_GRACE);
            }
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
