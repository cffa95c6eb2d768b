package junction.sink;

/**
 * The endpoint as the sink sees it from its requests' results. An application pauses its input
 * while the sink is {@link #PAUSED} and resumes on the other two.
 */
public enum SinkState {
    /** No request failed within the outage window. */
    OK,
    /** Some requests failed within the outage window, but the endpoint still answers. */
    DEGRADED,
    /**
     * Every request for at least the outage window failed with a connection error, a timeout or a
     * 5xx: the endpoint is down. The lanes keep retrying (that is the probe) and the first answer
     * ends the state.
     */
    PAUSED
}
