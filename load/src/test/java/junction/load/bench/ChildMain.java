package junction.load.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny main class for {@link ChildProcess} tests, run as a child JVM. The first argument says
 * what to do:
 * <ul>
 *   <li>{@code wait}: print "child ready: pid=&lt;pid&gt;", then wait until terminated; a SIGTERM runs
 *       a shutdown hook that prints "stopping gracefully".
 *   <li>{@code stubborn}: like {@code wait}, but the shutdown hook never returns, so only SIGKILL ends it.
 *   <li>{@code exit N}: print "exiting", write "oops" to stderr and exit with code N.
 *   <li>{@code spin}: print "spinning" and keep one core busy until killed.
 *   <li>{@code echo}: print "echoing", then "heard: &lt;line&gt;" for each line on standard input, until its end.
 * </ul>
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        switch (args[0]) {
            case "wait" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping gracefully")));
                System.out.println("child ready: pid=" + ProcessHandle.current().pid());
                new CountDownLatch(1).await();
            }
            case "stubborn" -> {
                CountDownLatch never = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.out.println("child ready: pid=" + ProcessHandle.current().pid());
                new CountDownLatch(1).await();
            }
            case "exit" -> {
                System.out.println("exiting");
                System.err.println("oops");
                System.exit(Integer.parseInt(args[1]));
            }
            case "spin" -> {
                System.out.println("spinning");
                long x = 0;
                while (x >= 0) {
                    x = x * 31 + 7 & Long.MAX_VALUE;
                }
            }
            case "echo" -> {
                System.out.println("echoing");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines()
                        .forEach(line -> System.out.println("heard: " + line));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
