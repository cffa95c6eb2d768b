package junction.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Layers configuration as operators expect: built-in defaults &lt; properties file &lt;
 * environment ({@code JUNCTION_*}) &lt; command-line flags. Picocli asks this provider for an
 * option's default; flags given on the command line override whatever it returns.
 *
 * <p>An option {@code --sink-lanes} is read from the environment as {@code JUNCTION_SINK_LANES}
 * and from the properties file as {@code sink-lanes}. The file is named by {@code --config FILE}
 * or {@code JUNCTION_CONFIG}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_ENV = "JUNCTION_CONFIG";

    private final Properties file;
    private final Map<String, String> env;

    ConfigDefaults(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** Reads the properties file named in {@code args} or the environment, if any. */
    public static ConfigDefaults from(String[] args, Map<String, String> env) {
        String path = env.get(CONFIG_ENV);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith(CONFIG_OPTION + "=")) {
                path = args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        Properties props = new Properties();
        if (path != null) {
            try (Reader in = Files.newBufferedReader(Path.of(path))) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--config: cannot read " + path + " (" + e.getMessage() + ")");
            }
        }
        return new ConfigDefaults(props, env);
    }

    public static String envName(String longOption) {
        return "JUNCTION_" + longOption.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec spec) {
        if (!(spec instanceof OptionSpec option) || option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        String name = option.longestName();
        String fromEnv = env.get(envName(name));
        if (fromEnv != null) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name.replaceFirst("^-+", ""));
        return fromFile != null ? fromFile : option.defaultValue();
    }
}
