package io.ucfleet.labca;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.security.KeyPair;
import java.security.PrivateKey;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape style.md asks for, enforced: HTTP (JAX-RS, Vert.x) only in the {@code api} edge,
 * domain packages without cycles, and CA private keys only in {@code keys} (the others hold a
 * {@code keys.CaKey}, which signs and is sealed, never hands the key out).
 */
@AnalyzeClasses(packages = "io.ucfleet.labca", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule httpOnlyAtTheEdge = noClasses().that().resideOutsideOfPackage("io.ucfleet.labca.api..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx..")
            .because("resources, routes and problem mappers live in api; the domain knows nothing of HTTP");

    private static final DescribedPredicate<JavaClass> PRIVATE_KEY = assignableTo(PrivateKey.class).or(assignableTo(KeyPair.class));

    @ArchTest
    static final ArchRule privateKeysStayInKeys = noClasses().that().resideOutsideOfPackage("io.ucfleet.labca.keys..")
            .should().dependOnClassesThat(PRIVATE_KEY)
            .because("a CA key leaves its sealed row only inside keys.CaKey, to sign");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.ucfleet.labca.(*)..").should().beFreeOfCycles();
}
