package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import junction.ingest.InputTopic;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The poison records against the stream app's own value serdes: the kinds meant to be unreadable
 * are refused by them (so Kafka Streams dead-letters them), and the two that are well-formed are
 * read as valid records, so only a check of the key or the size could catch them.
 */
class PoisonKindTest {

    @ParameterizedTest
    @EnumSource(value = PoisonKind.class, names = {"BAD_JSON", "WRONG_TYPES", "MISSING_ID"})
    void unreadableKindsAreRefusedByTheValueSerdesOfBothTopics(PoisonKind kind) {
        String key = kind.key(7);

        assertThatThrownBy(() -> Topics.CUSTOMERS.valueSerde().deserializer()
                .deserialize(Topics.CUSTOMERS.name(), kind.value(InputTopic.CUSTOMERS, key)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> Topics.INVENTORY.valueSerde().deserializer()
                .deserialize(Topics.INVENTORY.name(), kind.value(InputTopic.INVENTORY, key)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aKeyIdMismatchIsAValidRecordUnderAnotherId() {
        String key = PoisonKind.KEY_ID_MISMATCH.key(3);

        Customer customer = Topics.CUSTOMERS.valueSerde().deserializer().deserialize(Topics.CUSTOMERS.name(),
                PoisonKind.KEY_ID_MISMATCH.value(InputTopic.CUSTOMERS, key));
        InventoryItem item = Topics.INVENTORY.valueSerde().deserializer().deserialize(Topics.INVENTORY.name(),
                PoisonKind.KEY_ID_MISMATCH.value(InputTopic.INVENTORY, key));

        assertThat(customer.customerId()).isNotBlank().isNotEqualTo(key);
        assertThat(item.sku()).isNotBlank().isNotEqualTo(key);
    }

    @Test
    void anOversizedRecordIsValidAndFarBeyondARealOneButWithinKafkasLimit() {
        String key = PoisonKind.OVERSIZED.key(0);
        byte[] value = PoisonKind.OVERSIZED.value(InputTopic.CUSTOMERS, key);

        Customer customer = Topics.CUSTOMERS.valueSerde().deserializer().deserialize(Topics.CUSTOMERS.name(), value);

        assertThat(customer.customerId()).isEqualTo(key);
        assertThat(value.length).isGreaterThan(PoisonKind.OVERSIZED_BYTES).isLessThan(1024 * 1024 - 1024);
    }

    @Test
    void aPoisonKeyNamesItsKindAndNoOtherKeyDoes() {
        for (PoisonKind kind : PoisonKind.values()) {
            assertThat(PoisonKind.ofKey(kind.key(12))).isEqualTo(kind);
            assertThat(PoisonKind.ofLabel(kind.label().toUpperCase())).isEqualTo(kind);
        }
        assertThat(PoisonKind.ofKey("c000042")).isNull();
        assertThat(PoisonKind.ofKey("poison-unknown-1")).isNull();
        assertThat(PoisonKind.ofKey(null)).isNull();
        assertThatThrownBy(() -> PoisonKind.ofLabel("typo")).hasMessageContaining("badJson");
    }

    @Test
    void kindsTakeTurnsAndEachRoundAlternatesTheTopic() {
        List<PoisonKind> kinds = List.of(PoisonKind.BAD_JSON, PoisonKind.MISSING_ID);

        List<PoisonFeed.Poison> first = IntStream.range(0, 6).mapToObj(n -> PoisonFeed.Poison.number(kinds, n)).toList();

        assertThat(first).containsExactly(
                new PoisonFeed.Poison(PoisonKind.BAD_JSON, InputTopic.CUSTOMERS, "poison-badJson-0"),
                new PoisonFeed.Poison(PoisonKind.MISSING_ID, InputTopic.CUSTOMERS, "poison-missingId-0"),
                new PoisonFeed.Poison(PoisonKind.BAD_JSON, InputTopic.INVENTORY, "poison-badJson-1"),
                new PoisonFeed.Poison(PoisonKind.MISSING_ID, InputTopic.INVENTORY, "poison-missingId-1"),
                new PoisonFeed.Poison(PoisonKind.BAD_JSON, InputTopic.CUSTOMERS, "poison-badJson-2"),
                new PoisonFeed.Poison(PoisonKind.MISSING_ID, InputTopic.CUSTOMERS, "poison-missingId-2"));
    }
}
