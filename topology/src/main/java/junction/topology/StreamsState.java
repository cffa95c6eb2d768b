package junction.topology;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/** Follows a KafkaStreams' state so callers can wait for RUNNING or for the end, without polling. */
final class StreamsState implements KafkaStreams.StateListener {

    private State current = State.CREATED;

    @Override
    public synchronized void onChange(State newState, State oldState) {
        current = newState;
        notifyAll();
    }

    synchronized void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current != State.RUNNING) {
            if (stopped(current)) {
                throw new IllegalStateException("stream app stopped while starting: " + current);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("stream app not RUNNING after " + timeout + " (state " + current + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized State awaitStopped() throws InterruptedException {
        while (!stopped(current)) {
            wait();
        }
        return current;
    }

    private static boolean stopped(State s) {
        return s == State.ERROR || s == State.NOT_RUNNING || s == State.PENDING_ERROR;
    }
}
