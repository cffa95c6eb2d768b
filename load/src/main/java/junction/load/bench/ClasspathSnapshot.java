package junction.load.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;

/**
 * A private copy of the project's own classpath entries for the child processes of a benchmark.
 * A child loads classes lazily, for minutes; if a build rewrites a project jar or classes folder
 * meanwhile (as {@code mvn package} does), the child fails with {@code ClassNotFoundException}
 * mid-run. Third-party jars never change under a version, so only the project's entries (class
 * folders and {@code junction-*.jar}) are copied; the rest are used where they are.
 */
final class ClasspathSnapshot implements AutoCloseable {

    private static final String PROJECT_JAR_PREFIX = "junction-";

    private final Path dir;
    private final String classpath;

    private ClasspathSnapshot(Path dir, String classpath) {
        this.dir = dir;
        this.classpath = classpath;
    }

    /** Copies the project's entries of {@code classpath} into a new temporary directory. */
    static ClasspathSnapshot of(String classpath) {
        try {
            Path dir = Files.createTempDirectory("junction-bench-classpath");
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : classpath.split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!isProjectEntry(source)) {
                    entries.add(entry);
                    continue;
                }
                // Numbered: two entries may share a name (several target/classes folders).
                Path copy = dir.resolve(n++ + "-" + source.getFileName());
                copy(source, copy);
                entries.add(copy.toString());
            }
            return new ClasspathSnapshot(dir, String.join(File.pathSeparator, entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the classpath", e);
        }
    }

    static boolean isProjectEntry(Path entry) {
        if (Files.isDirectory(entry)) {
            return true;
        }
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        return name.startsWith(PROJECT_JAR_PREFIX) && name.endsWith(".jar") && Files.isRegularFile(entry);
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path from : (Iterable<Path>) tree::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The classpath with the project's entries replaced by their copies. */
    String classpath() {
        return classpath;
    }

    @Override
    public void close() {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            // A leftover temporary copy is harmless.
        }
    }
}
