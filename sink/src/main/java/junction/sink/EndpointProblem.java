package junction.sink;

/**
 * What is wrong with the endpoint while the sink is not OK: the words of the log line, the value
 * of the {@code problem} tag and of {@code /summary}'s diagnosis, so an operator reads one
 * vocabulary everywhere.
 */
public enum EndpointProblem {
    NONE("none"),
    /** No connection can be made. */
    UNREACHABLE("unreachable"),
    /** The endpoint refuses the requests themselves: credentials or routing (401, 403, 404, ...). */
    REFUSING("refusing"),
    /** Answers do not come within the response timeout. */
    SLOW("slow"),
    /** 5xx answers or reset connections. */
    FAILING("failing"),
    /** 429 and the other retryable answers: the endpoint asks us to slow down. */
    THROTTLING("throttling");

    /** The tag value, also used in logs and {@code /summary}. */
    public final String tag;

    EndpointProblem(String tag) {
        this.tag = tag;
    }

    /** One phrase for a log line, with what an operator should check. */
    String describe(int status) {
        return switch (this) {
            case NONE -> "no problem";
            case UNREACHABLE -> "unreachable: connections fail";
            case REFUSING -> "refusing our requests with HTTP " + status
                    + ": check the credentials (--sink-auth-*) and the endpoint URL; records are kept, not dead-lettered";
            case SLOW -> "slow: answers exceed the response timeout; batches shrink, raise --sink-response-timeout if it persists";
            case FAILING -> "failing: HTTP " + (status == 0 ? "connection resets" : status) + " from more than one lane";
            case THROTTLING -> "throttling: HTTP " + status;
        };
    }
}
