package junction.load;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the compiled classes of every module (this module's test
 * classpath holds them all): the product never reaches into the harness, and no two packages
 * depend on each other, so each can be read, tested and moved on its own.
 */
class ArchitectureTest {

    /** The product's packages: what the image an operator deploys is built from. */
    private static final String[] PRODUCT = {
        "junction.app..", "junction.topology..", "junction.model..", "junction.cli..", "junction.sink..",
        "junction.metrics..", "junction.ingest.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Main classes only: test classes come from test-classes folders and, for other modules,
        // from their test jars (topology's, on this module's test classpath).
        ImportOption mainClassesOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainClassesOnly).importPackages("junction");
    }

    @Test
    void seesTheClassesOfEveryModule() {
        assertThat(classes.contain("junction.app.Junction")).as("app").isTrue();
        assertThat(classes.contain("junction.load.cli.Harness")).as("load").isTrue();
        assertThat(classes.contain("junction.sink.CommitBarrier")).as("sink").isTrue();
        assertThat(classes.contain("junction.metrics.OpsServer")).as("metrics").isTrue();
        assertThat(classes.contain("junction.ingest.InputProducer")).as("ingest").isTrue();
        assertThat(classes.contain("junction.cli.SinkOptionsTest")).as("no test class").isFalse();
    }

    @Test
    void theProductNeverDependsOnTheHarness() {
        noClasses().that().resideInAnyPackage(PRODUCT)
                .should().dependOnClassesThat().resideInAPackage("junction.load..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("junction.(**)").should().beFreeOfCycles().check(classes);
    }
}
