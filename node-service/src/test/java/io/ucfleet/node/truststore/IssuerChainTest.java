package io.ucfleet.node.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.testing.TestCertificates;

class IssuerChainTest {
    private final TestCertificates.Issued root = TestCertificates.selfSignedCa("chain root");
    private final TestCertificates.Issued intermediateIssued = issue(root, "chain intermediate");
    private final X509CertificateHolder intermediate = intermediateIssued.certificate();

    @Test
    void putsTheRootBeforeWhatItIssuedWhateverTheUploadOrder() {
        var ordered = IssuerChain.installationOrder("tomcat-trust", List.of(intermediate, root.certificate()), name -> List.of());
        assertEquals(List.of(root.certificate(), intermediate), ordered);
    }

    @Test
    void acceptsAnIntermediateWhoseRootIsAlreadyTrusted() {
        var ordered = IssuerChain.installationOrder("tomcat-trust", List.of(intermediate),
                name -> name.equals(root.certificate().getSubject()) ? List.of(root.certificate().getSubjectPublicKeyInfo()) : List.of());
        assertEquals(List.of(intermediate), ordered);
    }

    @Test
    void refusesAnIntermediateWithoutItsRootNamingTheMissingIssuer() {
        var problem = assertThrows(DomainProblem.class,
                () -> IssuerChain.installationOrder("tomcat-trust", List.of(intermediate), name -> List.of()));
        assertEquals(ProblemType.ISSUER_CHAIN_MISSING, problem.type());
        assertEquals(root.certificate().getSubject().toString(), problem.extensions().get("missingIssuer"));
    }

    @Test
    void namesTheRootWhenALeafAndItsIntermediateComeWithoutIt() {
        var leaf = issue(intermediateIssued, "leaf").certificate();
        var problem = assertThrows(DomainProblem.class,
                () -> IssuerChain.installationOrder("tomcat-trust", List.of(leaf, intermediate), name -> List.of()));
        assertEquals(root.certificate().getSubject().toString(), problem.extensions().get("missingIssuer"));
    }

    @Test
    void asksTheStoreOncePerIssuerName() {
        var leaves = new java.util.ArrayList<X509CertificateHolder>();
        for (int i = 0; i < 20; i++) {
            leaves.add(issue(root, "leaf " + i).certificate());
        }
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        IssuerChain.installationOrder("tomcat-trust", leaves, name -> {
            asked.incrementAndGet();
            return List.of(root.certificate().getSubjectPublicKeyInfo());
        });
        assertEquals(1, asked.get());
    }

    @Test
    void doesNotTakeASameNamedCertificateWithAnotherKeyAsTheIssuer() {
        var impostor = TestCertificates.selfSignedCa("chain root");
        assertThrows(DomainProblem.class, () -> IssuerChain.installationOrder("tomcat-trust", List.of(intermediate),
                name -> List.of(impostor.certificate().getSubjectPublicKeyInfo())));
    }

    static TestCertificates.Issued issue(TestCertificates.Issued issuer, String cn) {
        return TestCertificates.issuedBy(issuer, cn, true, null);
    }
}
