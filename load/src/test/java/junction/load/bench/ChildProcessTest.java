package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    /** Small and quick to start: these children do nothing but print. */
    static final List<String> SMALL_JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("child ready: pid=(\\d+)");

    @TempDir
    Path dir;

    private ChildProcess child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.close();
        }
    }

    private ChildProcess start(String... args) {
        child = ChildProcess.start("test-child", ChildMain.class.getName(), SMALL_JVM, List.of(args),
                dir.resolve("logs").resolve("child.log"));
        return child;
    }

    @Test
    void awaitsAReadyLineAndReturnsTheMatch() throws Exception {
        start("wait");

        MatchResult ready = child.awaitLine(READY, START_TIMEOUT);

        assertThat(Long.parseLong(ready.group(1))).isEqualTo(child.pid());
        assertThat(child.isAlive()).isTrue();
        assertThat(child.exitCode()).isEmpty();
        assertThat(child.name()).isEqualTo("test-child");
    }

    @Test
    void takesCommandsOnItsInputAndFindsTheAnswerAmongLinesPrintedSince() throws Exception {
        start("echo");
        child.awaitLine(Pattern.compile("echoing"), START_TIMEOUT);
        child.send("start");
        child.awaitLine(Pattern.compile("heard: start"), START_TIMEOUT);
        long seen = child.linesPrinted();

        child.send("again");
        child.send("stop");

        assertThat(child.awaitLine(Pattern.compile("heard: (start|again)"), START_TIMEOUT, seen).group(1))
                .as("the first answer after the lines already seen, not the earlier one").isEqualTo("again");
        assertThat(child.awaitLine(Pattern.compile("heard: stop"), START_TIMEOUT, seen).group()).isEqualTo("heard: stop");
        assertThat(seen).isEqualTo(2);
    }

    @Test
    void findsALinePrintedBeforeTheWaitBegan() throws Exception {
        start("wait");
        child.awaitLine(READY, START_TIMEOUT);

        MatchResult again = child.awaitLine(Pattern.compile("ready"), Duration.ofSeconds(5));

        assertThat(again.group()).isEqualTo("ready");
    }

    @Test
    void terminateRunsTheChildsShutdownHooks() throws Exception {
        start("wait");
        child.awaitLine(READY, START_TIMEOUT);

        int exit = child.terminate(Duration.ofSeconds(30));

        assertThat(exit).isEqualTo(143); // 128 + SIGTERM
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).hasValue(143);
        assertThat(Files.readAllLines(child.logFile())).contains("stopping gracefully");
    }

    @Test
    void terminateKillsAChildThatDoesNotStopInTime() throws Exception {
        start("stubborn");
        child.awaitLine(READY, START_TIMEOUT);

        int exit = child.terminate(Duration.ofMillis(500));

        assertThat(exit).isEqualTo(137); // 128 + SIGKILL
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void killSkipsTheShutdownHooks() throws Exception {
        start("wait");
        child.awaitLine(READY, START_TIMEOUT);

        int exit = child.kill();

        assertThat(exit).isEqualTo(137);
        assertThat(Files.readAllLines(child.logFile())).doesNotContain("stopping gracefully");
    }

    @Test
    void logsStdoutAndStderrAndReportsTheExitCode() throws Exception {
        start("exit", "3");

        assertThat(child.awaitExit(START_TIMEOUT)).isEqualTo(3);
        assertThat(child.exitCode()).hasValue(3);
        assertThat(Files.readAllLines(child.logFile())).containsExactlyInAnyOrder("exiting", "oops");
    }

    @Test
    void awaitingALineFailsFastWhenTheChildExitsWithoutIt() {
        start("exit", "7");

        assertThatThrownBy(() -> child.awaitLine(Pattern.compile("never printed"), START_TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test-child")
                .hasMessageContaining("exit code 7")
                .hasMessageContaining("never printed");
    }

    @Test
    void awaitingALineTimesOut() throws Exception {
        start("wait");
        child.awaitLine(READY, START_TIMEOUT);

        assertThatThrownBy(() -> child.awaitLine(Pattern.compile("never printed"), Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("never printed");
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void closeStopsARunningChild() throws Exception {
        start("wait");
        child.awaitLine(READY, START_TIMEOUT);

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).hasValue(143);
    }
}
