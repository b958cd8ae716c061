package io.ucfleet.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape style.md asks for, enforced: HTTP (JAX-RS) only in the {@code api} edge, over
 * domain packages that do not depend on each other in circles.
 */
@AnalyzeClasses(packages = "io.ucfleet.node", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule httpOnlyAtTheEdge = noClasses().that().resideOutsideOfPackage("io.ucfleet.node.api..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("resources and problem mappers live in api; the domain knows nothing of HTTP");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.ucfleet.node.(*)..").should().beFreeOfCycles();
}
