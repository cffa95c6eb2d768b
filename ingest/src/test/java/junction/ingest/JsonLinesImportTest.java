package junction.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static junction.ingest.MockProducers.header;
import static junction.ingest.MockProducers.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesImportTest {

    @TempDir
    Path dir;

    private final MockProducer<byte[], byte[]> mock = MockProducers.bytes(true);
    private final InputProducer producer = new InputProducer(mock, "people", "stock");

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("input.jsonl"), List.of(lines), UTF_8);
    }

    private List<ProducerRecord<byte[], byte[]>> sentTo(String topic) {
        return mock.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void sendsGoodCustomersKeyedByIdAsWrittenAndSkipsBlankLines() throws IOException {
        String ada = "{\"customerId\":\"c1\",\"name\":\"Ada\",\"sku\":\"sku1\",\"updatedAt\":1}";
        String alan = "{\"customerId\":\"c2\",\"tier\":\"gold\",\"updatedAt\":2,\"loyaltyId\":\"field from the future\"}";
        Path input = file(ada, "", "   ", alan);

        ImportResult result = new JsonLinesImport(producer).importFile(input, InputTopic.CUSTOMERS);

        assertThat(result).isEqualTo(new ImportResult(2, 2, 0, List.of()));
        assertThat(sentTo("people")).extracting(MockProducers::key).containsExactly("c1", "c2");
        assertThat(sentTo("people")).extracting(MockProducers::value).containsExactly(ada, alan);
        assertThat(mock.history()).hasSize(2);
        assertThat(producer.acked()).isEqualTo(2);
    }

    @Test
    void sendsGoodInventoryKeyedBySku() throws IOException {
        Path input = file("{\"sku\":\"sku7\",\"name\":\"Lamp\",\"priceCents\":1999,\"quantity\":3,\"updatedAt\":5}");

        ImportResult result = new JsonLinesImport(producer).importFile(input, InputTopic.INVENTORY);

        assertThat(result.sent()).isEqualTo(1);
        assertThat(sentTo("stock")).extracting(MockProducers::key).containsExactly("sku7");
    }

    @Test
    void rejectsEachKindOfBadLineToTheDeadLetterTopicAndGoesOn() throws IOException {
        // The model serde requires every number field, so each line has them unless that is its fault.
        String good = "{\"sku\":\"sku1\",\"priceCents\":100,\"quantity\":1,\"updatedAt\":1}";
        String notJson = "{\"sku\":\"sku2\",";
        String wrongType = "{\"sku\":\"sku3\",\"priceCents\":100,\"quantity\":\"plenty\",\"updatedAt\":1}";
        String missingId = "{\"name\":\"no sku\",\"priceCents\":100,\"quantity\":1,\"updatedAt\":1}";
        String blankId = "{\"sku\":\"  \",\"priceCents\":100,\"quantity\":1,\"updatedAt\":1}";
        String missingNumber = "{\"sku\":\"sku5\",\"quantity\":1,\"updatedAt\":1}";
        String jsonNull = "null";
        String array = "[\"sku4\"]";
        Path input = file(good, notJson, "", wrongType, missingId, blankId, jsonNull, array, missingNumber, good);

        ImportResult result = new JsonLinesImport(producer, "bad-lines").importFile(input, InputTopic.INVENTORY);

        assertThat(result.read()).isEqualTo(9);
        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(7);
        assertThat(result.firstProblems()).hasSize(7);
        assertThat(result.firstProblems().get(0)).startsWith("line 2: ").contains("end-of-input");
        assertThat(result.firstProblems().get(1)).startsWith("line 4: ").contains("plenty");
        assertThat(result.firstProblems().get(2)).startsWith("line 5: ").contains("sku is missing");
        assertThat(result.firstProblems().get(3)).startsWith("line 6: ").contains("sku is missing");
        assertThat(result.firstProblems().get(4)).startsWith("line 7: ").contains("JSON null");
        assertThat(result.firstProblems().get(5)).startsWith("line 8: ").contains("from Array value");
        assertThat(result.firstProblems().get(6)).startsWith("line 9: ").contains("priceCents is missing or null");
        assertThat(sentTo("stock")).extracting(MockProducers::value).containsExactly(good, good);

        List<ProducerRecord<byte[], byte[]>> dead = sentTo("bad-lines");
        assertThat(dead).extracting(MockProducers::value)
                .containsExactly(notJson, wrongType, missingId, blankId, jsonNull, array, missingNumber);
        assertThat(dead).extracting(r -> header(r, JsonLinesImport.SOURCE_HEADER))
                .containsExactly(input + ":2", input + ":4", input + ":5", input + ":6", input + ":7", input + ":8",
                        input + ":9");
        assertThat(dead).extracting(r -> header(r, JsonLinesImport.STAGE_HEADER)).containsOnly("import");
        for (int i = 0; i < dead.size(); i++) {
            String problem = result.firstProblems().get(i);
            assertThat(header(dead.get(i), JsonLinesImport.REASON_HEADER))
                    .isEqualTo(problem.substring(problem.indexOf(": ") + 2));
            assertThat(dead.get(i).key()).isNull();
        }
        assertThat(producer.acked()).isEqualTo(9);
    }

    @Test
    void keepsOnlyTheFirstProblemsButCountsAll() throws IOException {
        String[] lines = new String[50];
        Arrays.fill(lines, "not json");
        Path input = file(lines);

        ImportResult result = new JsonLinesImport(producer).importFile(input, InputTopic.CUSTOMERS);

        assertThat(result.rejected()).isEqualTo(50);
        assertThat(result.firstProblems()).hasSize(10).first().asString().startsWith("line 1: ");
        assertThat(sentTo("junction-dlq")).hasSize(50);
        assertThat(value(sentTo("junction-dlq").get(49))).isEqualTo("not json");
    }
}
