package io.ucfleet.node;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.security.KeyPair;
import java.security.PrivateKey;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasParameterTypes;
import com.tngtech.archunit.core.domain.properties.HasReturnType;
import com.tngtech.archunit.core.domain.properties.HasType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape style.md asks for, enforced: HTTP (JAX-RS) only in the {@code api} and {@code pages} edges, over
 * domain packages that do not depend on each other in circles; private keys only in {@code keys}.
 */
@AnalyzeClasses(packages = "io.ucfleet.node", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule httpOnlyAtTheEdge = noClasses().that().resideOutsideOfPackages("io.ucfleet.node.api..", "io.ucfleet.node.pages..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("resources and problem mappers live in api, pages in pages; the domain knows nothing of HTTP");

    private static final DescribedPredicate<JavaClass> PRIVATE_KEY = assignableTo(PrivateKey.class).or(assignableTo(KeyPair.class));

    /**
     * A local variable leaves no trace in a class's dependencies; the member it came from or went
     * to does (also as a type argument, as in {@code Optional<PrivateKey>}).
     */
    private static final DescribedPredicate<JavaAccess<?>> PASSES_A_PRIVATE_KEY = DescribedPredicate.describe(
            "a member that takes, returns or holds a private key or key pair", access -> {
                AccessTarget target = access.getTarget();
                if (target instanceof AccessTarget.CodeUnitAccessTarget codeUnit) {
                    // The resolved member has the generic signature; the call site only the erasure.
                    HasReturnType returns = codeUnit.resolveMember().<HasReturnType>map(m -> m).orElse(codeUnit);
                    HasParameterTypes takes = codeUnit.resolveMember().<HasParameterTypes>map(m -> m).orElse(codeUnit);
                    return involvesAPrivateKey(returns.getReturnType())
                            || takes.getParameterTypes().stream().anyMatch(ArchitectureTest::involvesAPrivateKey);
                }
                if (target instanceof AccessTarget.FieldAccessTarget field) {
                    return involvesAPrivateKey(field.resolveMember().<HasType>map(f -> f).orElse(field).getType());
                }
                return false;
            });

    private static boolean involvesAPrivateKey(JavaType type) {
        return type.getAllInvolvedRawTypes().stream().anyMatch(PRIVATE_KEY);
    }

    @ArchTest
    static final ArchRule privateKeysStayInKeys = noClasses().that().resideOutsideOfPackage("io.ucfleet.node.keys..")
            .should().dependOnClassesThat(PRIVATE_KEY)
            .orShould().accessTargetWhere(PASSES_A_PRIVATE_KEY)
            .because("other packages hold a keys.SigningKey handle, which offers operations, never the key");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.ucfleet.node.(*)..").should().beFreeOfCycles();
}
