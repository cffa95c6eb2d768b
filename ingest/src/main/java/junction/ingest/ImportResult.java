package junction.ingest;

import java.util.List;

/**
 * What a {@link JsonLinesImport} did: {@code read} records (blank lines not counted), of which
 * {@code sent} went to the input topic and {@code rejected} to the dead-letter topic, with the
 * first few rejections as "line N: reason".
 */
public record ImportResult(long read, long sent, long rejected, List<String> firstProblems) {

    public ImportResult {
        firstProblems = List.copyOf(firstProblems);
    }
}
