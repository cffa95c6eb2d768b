package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigDefaultsTest {

    @Command(name = "tiny")
    static final class Tiny {
        @Option(names = "--name", defaultValue = "built-in")
        String name;

        @Option(names = "--count", defaultValue = "1")
        int count;

        @Option(names = "--max-wait", defaultValue = "5s")
        Duration maxWait;

        @Option(names = "--config")
        Path config;
    }

    @TempDir
    Path dir;

    private static Properties file(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void builtInDefaultsApplyWhenNothingElseIsGiven() {
        Tiny tiny = Cli.parse(new Tiny());

        assertThat(tiny.name).isEqualTo("built-in");
        assertThat(tiny.count).isEqualTo(1);
        assertThat(tiny.maxWait).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void propertiesFileOverridesBuiltInDefaults() {
        Tiny tiny = Cli.parse(new Tiny(), file("name", "from-file", "count", "7", "max-wait", "250ms"), Map.of());

        assertThat(tiny.name).isEqualTo("from-file");
        assertThat(tiny.count).isEqualTo(7);
        assertThat(tiny.maxWait).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void environmentOverridesPropertiesFile() {
        Tiny tiny = Cli.parse(new Tiny(), file("name", "from-file", "count", "7"),
                Map.of("JUNCTION_NAME", "from-env", "JUNCTION_MAX_WAIT", "2m"));

        assertThat(tiny.name).isEqualTo("from-env");
        assertThat(tiny.count).as("not in the environment, so still the file's").isEqualTo(7);
        assertThat(tiny.maxWait).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void flagsOverrideEnvironmentAndFile() {
        Tiny tiny = Cli.parse(new Tiny(), file("name", "from-file", "count", "7"),
                Map.of("JUNCTION_NAME", "from-env", "JUNCTION_COUNT", "8"), "--name", "from-flag", "--count=9");

        assertThat(tiny.name).isEqualTo("from-flag");
        assertThat(tiny.count).isEqualTo(9);
    }

    @Test
    void badValueFromEnvironmentIsReportedAgainstItsOption() {
        assertThatThrownBy(() -> Cli.parse(new Tiny(), new Properties(), Map.of("JUNCTION_COUNT", "many")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--count")
                .hasMessageContaining("many");
    }

    @Test
    void envNameIsTheLongOptionInUpperSnakeCase() {
        assertThat(ConfigDefaults.envName("--sink-max-in-flight")).isEqualTo("JUNCTION_SINK_MAX_IN_FLIGHT");
    }

    @Test
    void fromReadsTheFileNamedByConfigFlagInBothSpellings() throws IOException {
        Path config = write("app.properties", "name = spelled-out\ncount: 3\n");

        Tiny separate = parseFrom(Map.of(), "--config", config.toString());
        Tiny joined = parseFrom(Map.of(), "--config=" + config);

        assertThat(separate.name).isEqualTo("spelled-out");
        assertThat(separate.count).isEqualTo(3);
        assertThat(separate.config).isEqualTo(config);
        assertThat(joined.name).isEqualTo("spelled-out");
    }

    @Test
    void fromReadsTheFileNamedByEnvironmentButTheFlagWins() throws IOException {
        Path byEnv = write("env.properties", "name = by-env-file\n");
        Path byFlag = write("flag.properties", "name = by-flag-file\n");
        Map<String, String> env = Map.of(ConfigDefaults.CONFIG_ENV, byEnv.toString());

        assertThat(parseFrom(env).name).isEqualTo("by-env-file");
        assertThat(parseFrom(env, "--config", byFlag.toString()).name).isEqualTo("by-flag-file");
    }

    @Test
    void fromWithoutAnyFileUsesEnvironmentAndDefaults() {
        Tiny tiny = parseFrom(Map.of("JUNCTION_COUNT", "4"));

        assertThat(tiny.name).isEqualTo("built-in");
        assertThat(tiny.count).isEqualTo(4);
    }

    @Test
    void unreadableConfigFileIsAnErrorNamingTheOption() {
        String missing = dir.resolve("missing.properties").toString();

        assertThatThrownBy(() -> ConfigDefaults.from(new String[] {"--config", missing}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--config")
                .hasMessageContaining(missing);
        assertThatThrownBy(() -> ConfigDefaults.from(new String[0], Map.of(ConfigDefaults.CONFIG_ENV, dir.toString())))
                .as("a directory is not a properties file")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--config");
    }

    private Tiny parseFrom(Map<String, String> env, String... args) {
        Tiny tiny = new Tiny();
        Cli.commandLine(tiny, ConfigDefaults.from(args, env)).parseArgs(args);
        return tiny;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
