package io.ucfleet.node.importtool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.testing.TestCertificates;

class ChainAssessmentTest {
    private final TestCertificates.Issued root = TestCertificates.selfSignedCa("exchange root");
    private final TestCertificates.Issued intermediate = issue(root, "exchange issuing CA", true, null);
    private final X509CertificateHolder leaf = issue(intermediate, "exchange.example.com", false,
            new GeneralName(GeneralName.dNSName, "exchange.example.com")).certificate();

    @Test
    void aChainWithoutItsRootAsksForTheRootByHandAndOffersTheIntermediate() {
        var a = ChainAssessment.assess("exchange.example.com", List.of(leaf, intermediate.certificate()), List.of(), "cup-trust");
        assertEquals(List.of("peer", "missing", "missing-not-sent"), statuses(a));
        assertEquals(Map.of("connected", "succeeded", "peer-name-matches", "succeeded", "chain-complete", "failed",
                "certificates-trusted", "failed", "missing-ca-sent", "failed"), states(a));
        assertEquals(root.certificate().getSubject().toString(), a.path().get(2).missingIssuer());
        assertEquals(List.of(intermediate.certificate()), installable(a));
    }

    @Test
    void aFullChainIsCompleteAndEveryMissingCaIsInstallable() {
        var a = ChainAssessment.assess("exchange.example.com", List.of(leaf, intermediate.certificate(), root.certificate()),
                List.of(), "cup-trust");
        assertEquals(List.of("peer", "missing", "missing"), statuses(a));
        assertEquals(Map.of("connected", "succeeded", "peer-name-matches", "succeeded", "chain-complete", "succeeded",
                "certificates-trusted", "failed", "missing-ca-sent", "succeeded"), states(a));
        assertEquals(List.of(intermediate.certificate(), root.certificate()), installable(a));
    }

    @Test
    void everyTestSucceedsOnceTheStoreHoldsEveryCa() {
        var a = ChainAssessment.assess("EXCHANGE.example.com", List.of(leaf, intermediate.certificate()),
                List.of(root.certificate(), intermediate.certificate()), "cup-trust");
        assertEquals(List.of("peer", "trusted", "trusted"), statuses(a));
        assertEquals(List.of("succeeded"), states(a).values().stream().distinct().toList());
        assertEquals(List.of(), installable(a));
    }

    @Test
    void aPeerThatSendsNoCaLeavesTheIntermediateToTheUser() {
        var a = ChainAssessment.assess("exchange.example.com", List.of(leaf), List.of(root.certificate()), "cup-trust");
        assertEquals(List.of("peer", "missing-not-sent"), statuses(a));
        assertEquals(intermediate.certificate().getSubject().toString(), a.path().get(1).missingIssuer());
        assertEquals("failed", states(a).get("missing-ca-sent"));
    }

    @Test
    void theNameMustBeTheHostExactlyAsEnteredNotItsAddressNorAWildcard() {
        assertEquals("failed", states(ChainAssessment.assess("127.0.0.1", List.of(leaf), List.of(), "cup-trust"))
                .get("peer-name-matches"));
        var wildcard = issue(root, "*.example.com", false, new GeneralName(GeneralName.dNSName, "*.example.com")).certificate();
        assertEquals("failed", states(ChainAssessment.assess("exchange.example.com", List.of(wildcard), List.of(), "cup-trust"))
                .get("peer-name-matches"));
        var byAddress = issue(root, "exchange", false, new GeneralName(GeneralName.iPAddress, "127.0.0.1")).certificate();
        assertEquals("succeeded", states(ChainAssessment.assess("127.0.0.1", List.of(byAddress), List.of(), "cup-trust"))
                .get("peer-name-matches"));
    }

    @Test
    void aSelfSignedPeerCertificateIsItsOwnRootAndInstallable() {
        var a = ChainAssessment.assess("exchange root", List.of(root.certificate()), List.of(), "cup-trust");
        assertEquals(List.of("missing"), statuses(a));
        assertEquals("succeeded", states(a).get("chain-complete"));
        assertEquals(List.of(root.certificate()), installable(a));
    }

    @Test
    void aStoredCertificateOfTheSameNameAndAnotherKeyIsNoIssuer() {
        var impostor = TestCertificates.selfSignedCa("exchange root");
        var a = ChainAssessment.assess("exchange.example.com", List.of(leaf, intermediate.certificate()),
                List.of(impostor.certificate()), "cup-trust");
        assertEquals(List.of("peer", "missing", "missing-not-sent"), statuses(a));
    }

    @Test
    void aSentCertificateOffThePathIsReportedAndNeverInstalled() {
        var other = TestCertificates.selfSignedCa("unrelated root");
        var a = ChainAssessment.assess("exchange.example.com", List.of(leaf, intermediate.certificate(), root.certificate(),
                other.certificate()), List.of(), "cup-trust");
        assertEquals(List.of("not-in-chain"), a.notInPath().stream().map(l -> l.status().id).toList());
        assertEquals(List.of(intermediate.certificate(), root.certificate()), installable(a));
    }

    private static List<String> statuses(ChainAssessment.Assessment a) {
        return a.path().stream().map(l -> l.status().id).toList();
    }

    private static Map<String, String> states(ChainAssessment.Assessment a) {
        return a.tests().stream().collect(Collectors.toMap(ImportReport.TestState::test, ImportReport.TestState::state));
    }

    private static List<X509CertificateHolder> installable(ChainAssessment.Assessment a) {
        return a.path().stream().filter(ChainAssessment.Link::installable).map(ChainAssessment.Link::holder).toList();
    }

    private static TestCertificates.Issued issue(TestCertificates.Issued issuer, String cn, boolean ca, GeneralName san) {
        return TestCertificates.issuedBy(issuer, cn, ca, san);
    }
}
