package junction.load.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath a {@code --tuning baseline} app runs on in the join benchmark: the bench's own, with
 * the RocksDB library junction ran with before the join was tuned ({@code baseline-lib/} beside the
 * load module's jar, put there by the build) in place of the current one. The baseline is then all
 * of before, not only its settings: the newer RocksDB is one of the tuning steps.
 */
final class BaselineClasspath {

    private static final String ROCKSDB_JAR_PREFIX = "rocksdbjni-";

    private BaselineClasspath() {
    }

    /** {@code classpath} with its RocksDB jar replaced by the baseline one; fails if either is missing. */
    static String of(String classpath) {
        return of(classpath, baselineLibraries());
    }

    static String of(String classpath, Path baselineLibraries) {
        Path baseline;
        try (var jars = Files.list(baselineLibraries)) {
            baseline = jars.filter(jar -> jar.getFileName().toString().startsWith(ROCKSDB_JAR_PREFIX))
                    .findFirst()
                    .orElseThrow(() -> missing(baselineLibraries));
        } catch (IOException e) {
            throw missing(baselineLibraries);
        }
        List<String> entries = new ArrayList<>();
        boolean replaced = false;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path name = Path.of(entry).getFileName();
            if (name != null && name.toString().startsWith(ROCKSDB_JAR_PREFIX)) {
                entries.add(baseline.toString());
                replaced = true;
            } else {
                entries.add(entry);
            }
        }
        if (!replaced) {
            throw new IllegalStateException("no " + ROCKSDB_JAR_PREFIX + "*.jar on the classpath to replace");
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code target/baseline-lib} of the load module this class was loaded from (its jar or classes folder). */
    private static Path baselineLibraries() {
        try {
            Path loadedFrom = Path.of(BaselineClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return loadedFrom.getParent().resolve("baseline-lib");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the load module is", e);
        }
    }

    private static IllegalStateException missing(Path dir) {
        return new IllegalStateException("the baseline RocksDB jar is not in " + dir
                + " (mvn package puts it there): cannot run the baseline profile as it was");
    }
}
