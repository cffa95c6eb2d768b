package junction.load;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("junction");
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
