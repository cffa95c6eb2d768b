package junction.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Writing: the same object's bytes are written once; reading and refusing is AcceptedInputTest's. */
class JsonSerdeTest {

    private final JsonSerde<Customer> serde = new JsonSerde<>(Customer.class, Customer.ID);
    private final Customer customer = new Customer("c-1", "Ada", "ada@example.com", "gold", "eu", "sku-1", 17L);

    @Test
    void theSameObjectWrittenAgainGetsTheBytesOfItsFirstWriting() {
        byte[] first = serde.serialize("customers", customer);

        assertThat(serde.serialize("customers", customer)).isSameAs(first);
        assertThat(serde.deserialize("customers", first)).isEqualTo(customer);
    }

    @Test
    void anotherObjectIsWrittenAnewEvenWhenEqual() {
        byte[] first = serde.serialize("customers", customer);
        Customer copy = new Customer("c-1", "Ada", "ada@example.com", "gold", "eu", "sku-1", 17L);
        Customer changed = new Customer("c-1", "Ada", "ada@example.com", "gold", "eu", "sku-2", 18L);

        assertThat(serde.serialize("customers", copy)).isNotSameAs(first).isEqualTo(first);
        assertThat(serde.deserialize("customers", serde.serialize("customers", changed))).isEqualTo(changed);
        assertThat(serde.deserialize("customers", serde.serialize("customers", customer))).isEqualTo(customer);
    }

    @Test
    void aTypeWhoseValuesCouldChangeIsRefused() {
        assertThatThrownBy(() -> new JsonSerde<>(StringBuilder.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record");
    }
}
