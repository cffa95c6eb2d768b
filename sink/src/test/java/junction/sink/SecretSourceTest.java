package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from the environment or a file, and nothing that prints shows them. */
class SecretSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsAnEnvironmentVariable() {
        assertThat(SecretSource.read("sink.auth.secret", "env:TOKEN", Map.of("TOKEN", " s3cret\n")::get)).isEqualTo("s3cret");
    }

    @Test
    void aMissingVariableIsOneLineNamingTheSettingAndTheVariable() {
        assertThatThrownBy(() -> SecretSource.read("sink.auth.secret", "env:TOKEN", name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink.auth.secret: environment variable TOKEN is not set");
    }

    @Test
    void readsAFileAndNamesOneItCannotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");

        assertThat(SecretSource.read("sink.auth.secret", "file:" + file)).isEqualTo("from-file");
        assertThatThrownBy(() -> SecretSource.read("sink.auth.secret", "file:" + dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sink.auth.secret: cannot read file ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPlainValueIsNotASource() {
        assertThat(SinkConfig.builder().auth(SinkAuth.bearer("s3cret")).build().validate())
                .contains("sink.auth.secret must be env:NAME or file:/path, was 's3cret'");
    }

    @Test
    void basicAuthEncodesUserAndPasswordAndNeverPrintsThem() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "pa55");

        SinkAuth.AuthorizationHeader header = SinkAuth.basic("ann", "file:" + file).resolve();

        assertThat(header.value()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:pa55".getBytes()));
        assertThat(header.toString()).doesNotContain("pa55").doesNotContain(header.value());
    }

    @Test
    void thePrintedConfigurationMasksUserInfoAndShowsOnlyWhereSecretsAre() {
        SinkConfig config = SinkConfig.builder()
                .endpoint(java.net.URI.create("https://ann:pa55@analytics.example/ingest"))
                .auth(SinkAuth.bearer("env:ANALYTICS_TOKEN"))
                .build();

        assertThat(config.toString()).doesNotContain("pa55").contains("****@analytics.example")
                .contains("bearer token from env:ANALYTICS_TOKEN");
    }
}
