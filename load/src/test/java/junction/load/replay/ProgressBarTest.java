package junction.load.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersTheShareDoneTheCountsTheRateAndTheTimeLeft() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(sink, true, UTF_8), "replay", 200, () -> 0, true)) {
            assertThat(bar.render(50, 2_000_000_000L))
                    .startsWith("replay [########......................]  25%  50/200  2.0s  25/s  eta 6s");
            assertThat(bar.render(200, 4_000_000_000L)).contains("[" + "#".repeat(30) + "] 100%").doesNotContain("eta");
        }
    }

    @Test
    void redrawsInPlaceOnATerminalAndEndsTheLineWhenClosed() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AtomicLong done = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(sink, true, UTF_8), "copy", 10, done::get, true);
        done.set(10);
        bar.close();

        String drawn = sink.toString(UTF_8);
        assertThat(drawn).startsWith("\r").endsWith(System.lineSeparator()).contains("100%  10/10");
        assertThat(drawn.strip()).doesNotContain("\n");
    }
}
