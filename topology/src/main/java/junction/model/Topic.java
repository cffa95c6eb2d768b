package junction.model;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name together with its serdes, declared once and used by producers, app and tests. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** The same serdes on another topic name (names are configurable, serdes are not). */
    public Topic<K, V> named(String otherName) {
        return new Topic<>(otherName, keySerde, valueSerde);
    }
}
