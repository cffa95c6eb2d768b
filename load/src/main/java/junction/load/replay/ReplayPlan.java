package junction.load.replay;

import java.util.List;

/**
 * What a replay copies and how.
 *
 * @param sources topics read
 * @param target topic every record is written to, or null to write each record back to the topic it
 *     came from ({@code --into-inputs})
 * @param shiftTimestamps move every timestamp by the same amount so the first record is "now"
 */
public record ReplayPlan(List<String> sources, String target, StartPoint start, Speed speed, boolean shiftTimestamps) {

    public ReplayPlan {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one source topic");
        }
    }

    public String targetOf(String source) {
        return target == null ? source : target;
    }

    /** The topics written to, in the order of the sources. */
    public List<String> targets() {
        return sources.stream().map(this::targetOf).distinct().toList();
    }
}
