package junction.model;

import java.util.function.Function;

/**
 * The field of a model value that is also its record key ({@code customerId}, {@code sku}): the
 * serde refuses a value without it, the topology a value whose id is not its key.
 */
public record IdField<V>(String name, Function<V, String> read) {

    public String of(V value) {
        return read.apply(value);
    }
}
