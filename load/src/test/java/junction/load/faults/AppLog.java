package junction.load.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Locale;
import junction.topology.StreamApp;
import org.slf4j.LoggerFactory;

/**
 * One stream app's warnings and errors while a test runs, as an operator reads them in its log:
 * events at WARN or above from junction's loggers, the test harness's own ({@code junction.load})
 * left out. The integration tests run side by side in one JVM, so a line counts only if it is
 * this app's: logged by one of its stream threads (named after the application id) or under its
 * application id ({@link StreamApp#LOG_APPLICATION_ID}, the delivery reports from shared threads).
 * Another test's outage must not pass or fail this one's checks.
 */
final class AppLog implements AutoCloseable {

    private final String applicationId;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // The thread name and MDC are read lazily, by whichever thread asks: fix them now.
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private AppLog(String applicationId) {
        this.applicationId = applicationId;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        context.getLogger("junction").addAppender(appender);
    }

    /** Captures from now on the lines of the app of {@code run}. */
    static AppLog capture(FaultTestRun run) {
        return new AppLog(run.pipeline().app().config().applicationId());
    }

    /** Each warning or error so far as "LEVEL logger: message". */
    List<String> warnings() {
        return atLeast(Level.WARN);
    }

    /** The app's lines at INFO or above so far, as "LEVEL logger: message". */
    List<String> lines() {
        return atLeast(Level.INFO);
    }

    private List<String> atLeast(Level level) {
        // ListAppender appends under its own lock (AppenderBase.doAppend is synchronized).
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(level))
                    .filter(e -> !e.getLoggerName().startsWith("junction.load"))
                    .filter(this::isThisApps)
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                    .toList();
        }
    }

    private boolean isThisApps(ILoggingEvent event) {
        return event.getThreadName().startsWith(applicationId + "-")
                || applicationId.equals(event.getMDCPropertyMap().get(StreamApp.LOG_APPLICATION_ID));
    }

    /** The app's lines at INFO or above holding every one of {@code words}, case-insensitively. */
    List<String> linesWith(String... words) {
        return withAll(lines(), words);
    }

    /** The warnings holding every one of {@code words}, case-insensitively. */
    List<String> warningsWith(String... words) {
        return withAll(warnings(), words);
    }

    private static List<String> withAll(List<String> lines, String... words) {
        return lines.stream().filter(line -> {
            String lower = line.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (!lower.contains(word.toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger junction = context.getLogger("junction");
        junction.detachAppender(appender);
        appender.stop();
    }
}
