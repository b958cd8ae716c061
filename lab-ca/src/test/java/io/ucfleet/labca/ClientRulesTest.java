package io.ucfleet.labca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ucfleet.labca.clients.CertificatePath;
import io.ucfleet.labca.clients.ClientKind;
import io.ucfleet.labca.clients.KeyStrength;
import io.ucfleet.labca.clients.Protocol;
import io.ucfleet.labca.clients.ReasonCode;
import io.ucfleet.labca.clients.ServerIdentity;
import io.ucfleet.labca.clients.Severity;
import io.ucfleet.platform.x509.TimeEncoding;
import org.bouncycastle.asn1.x509.Certificate;
import io.ucfleet.platform.testing.TestPki;
import io.ucfleet.platform.testing.TestPki.Spec;

/** The client rules that need no server: identity per protocol, times, keys, paths, severities. Boots nothing. */
class ClientRulesTest {
    static final TestPki.Issued CA = TestPki.ca("rules CA");

    static ServerIdentity.Names names(Spec spec) {
        return ServerIdentity.names(TestPki.leaf(CA, spec).certificate());
    }

    @ParameterizedTest(name = "https: certificate [{0}] for typed {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "CN=uc.lab.test                        | uc.lab.test        | match subject.CN",
            "CN=uc.lab.test                        | UC.LAB.TEST.       | match subject.CN",
            "CN=*.lab.test                         | uc.lab.test        | match subject.CN",
            "CN=*.lab.test                         | a.uc.lab.test      | name-mismatch",
            "CN=*.lab.test                         | lab.test           | name-mismatch",
            "CN=uc*.lab.test                       | uc1.lab.test       | wildcard-not-leftmost",
            "CN=uc.*.test                          | uc.lab.test        | wildcard-not-leftmost",
            "CN=other.lab.test,DNS=uc.lab.test     | uc.lab.test        | match subjectAltName.dNSName",
            "CN=uc.lab.test,DNS=other.lab.test     | uc.lab.test        | name-mismatch",
            "CN=uc.lab.test,DNS=uc.lab.test        | 127.0.0.1          | ip-address-mismatch",
            "CN=uc.lab.test,IP=127.0.0.1           | 127.0.0.1          | match subjectAltName.iPAddress",
            "CN=127.0.0.1                          | 127.0.0.1          | ip-address-mismatch" })
    void httpIdentityIsSanDnsNameElseCnWithLeftmostWildcardsAndNoIpByName(String cert, String typed, String expected) {
        Spec spec = null;
        for (String part : cert.split(",")) {
            String[] kv = part.strip().split("=", 2);
            switch (kv[0]) {
                case "CN" -> spec = Spec.cn(kv[1]);
                case "DNS" -> spec.dns(kv[1]);
                case "IP" -> spec.ip(kv[1]);
                default -> throw new AssertionError(kv[0]);
            }
        }
        ServerIdentity.Match m = ServerIdentity.http(names(spec), typed.strip());
        String outcome = m.matched() ? "match " + m.field() : m.reason().id;
        assertEquals(expected.strip(), outcome, String.valueOf(m.detail()));
    }

    @Test
    void xmppIdentityIsTheXmppDomainInXmppAddrSrvNameDnsNameOrCn() {
        Protocol c2s = Protocol.XMPP_C2S;
        assertEquals("subjectAltName.otherName.xmppAddr", ServerIdentity.xmpp(names(Spec.cn("imp1.lab.test")
                .dns("imp1.lab.test").xmppAddr("lab.test")), "lab.test", c2s).field());
        assertEquals("subjectAltName.otherName.SRVName", ServerIdentity.xmpp(names(Spec.cn("imp1.lab.test")
                .srvName("_xmpp-client.lab.test")), "lab.test", c2s).field());
        // the client's SRVName is not the server-to-server one
        assertEquals(ReasonCode.XMPP_DOMAIN_MISMATCH, ServerIdentity.xmpp(names(Spec.cn("imp1.lab.test")
                .srvName("_xmpp-client.lab.test")), "lab.test", Protocol.XMPP_S2S).reason());
        assertEquals("subjectAltName.dNSName", ServerIdentity.xmpp(names(Spec.cn("imp1.lab.test").dns("imp1.lab.test",
                "lab.test")), "lab.test", c2s).field());
        assertEquals("subject.CN", ServerIdentity.xmpp(names(Spec.cn("lab.test")), "lab.test", c2s).field());
        // the node's FQDN is not the XMPP domain (seed 001: "rather than FQDN")
        ServerIdentity.Match m = ServerIdentity.xmpp(names(Spec.cn("imp1.lab.test").dns("imp1.lab.test")), "lab.test", c2s);
        assertFalse(m.matched());
        assertEquals(ReasonCode.XMPP_DOMAIN_MISMATCH, m.reason());
        assertTrue(m.detail().contains("imp1.lab.test"), m.detail());
    }

    @Test
    void generalizedTimeBefore2050AndMalformedTimesBreakTheRuleAndWellFormedOnesDoNot() {
        assertTrue(TimeEncoding.formAndYears(Certificate.getInstance(TestPki.leaf(CA, Spec.cn("ok")).der())).isEmpty());
        var before2050 = TimeEncoding.formAndYears(Certificate.getInstance(
                TestPki.leaf(CA, Spec.cn("g").generalizedNotBefore("20250101000000Z")).der()));
        assertEquals("notBefore", before2050.orElseThrow().field());
        assertTrue(before2050.get().detail().contains("before 2050"), before2050.get().detail());
        var fraction = TimeEncoding.formAndYears(Certificate.getInstance(
                TestPki.leaf(CA, Spec.cn("f").generalizedNotBefore("20500101000000.5Z")).der()));
        assertTrue(fraction.orElseThrow().detail().contains("fractional seconds"), fraction.get().detail());
        assertTrue(TimeEncoding.formAndYears(Certificate.getInstance(
                TestPki.leaf(CA, Spec.cn("2050").generalizedNotBefore("20500101000000Z")).der()))
                .isEmpty());
    }

    @Test
    void keysBelow2048BitsAreRefusedAndAbove4096OnlyWarned() {
        assertEquals(ReasonCode.WEAK_KEY, KeyStrength.check(TestPki.rsa(1024).getPublic()).orElseThrow().code());
        assertTrue(KeyStrength.check(TestPki.rsa(2048).getPublic()).isEmpty());
        assertEquals(Severity.WARNING, ReasonCode.LARGE_KEY.severity);
    }

    @Test
    void pathsNameTheMissingLink() {
        TestPki.Issued root = TestPki.ca("paths root");
        TestPki.Issued leaf = TestPki.leaf(root, Spec.cn("uc.lab.test"));
        Instant now = Instant.now();
        var trusted = CertificatePath.build(List.of(leaf.certificate()), List.of(root.certificate()), now);
        assertTrue(trusted.anchored(), trusted.findings() + " " + leaf.certificate().getIssuerX500Principal() + " vs " + root.certificate().getSubjectX500Principal());
        assertEquals(2, trusted.path().size());
        assertTrue(trusted.findings().isEmpty(), trusted.findings().toString());
        var unknown = CertificatePath.build(List.of(leaf.certificate()), List.of(CA.certificate()), now);
        assertEquals(ReasonCode.ISSUER_NOT_FOUND, unknown.findings().get(0).code());
        var untrustedRoot = CertificatePath.build(List.of(leaf.certificate(), root.certificate()), List.of(), now);
        assertEquals(ReasonCode.UNTRUSTED_ROOT, untrustedRoot.findings().get(0).code());
        assertEquals(1, untrustedRoot.findings().get(0).position());
        var selfSigned = CertificatePath.build(List.of(root.certificate()), List.of(), now);
        assertEquals(ReasonCode.SELF_SIGNED, selfSigned.findings().get(0).code());
        // seed 000: a self-signed certificate imported as such (Enterprise Trust) is trusted
        assertTrue(CertificatePath.build(List.of(root.certificate()), List.of(root.certificate()), now).anchored());
        // a leaf whose issuer is a leaf: PKIX says the issuer is no CA
        TestPki.Issued notCa = TestPki.leaf(root, Spec.cn("not-a-ca"));
        TestPki.Issued under = TestPki.leaf(notCa, Spec.cn("under.lab.test"));
        var bad = CertificatePath.build(List.of(under.certificate(), notCa.certificate()), List.of(root.certificate()),
                now.plus(1, ChronoUnit.MINUTES));
        assertEquals(ReasonCode.PATH_INVALID, bad.findings().get(0).code(), bad.findings().toString());
        assertTrue(List.of("basicConstraints", "keyUsage").contains(bad.findings().get(0).field()), bad.findings().toString());
        assertEquals(1, bad.findings().get(0).position(), "the certificate that is no CA");
    }

    @Test
    void mobileAndRemoteAccessFailsWhereOtherClientsOnlyPrompt() {
        assertEquals(Severity.PROMPT, ReasonCode.REVOCATION_UNAVAILABLE.severityFor(ClientKind.JABBER));
        assertEquals(Severity.REFUSED, ReasonCode.REVOCATION_UNAVAILABLE.severityFor(ClientKind.MRA));
        assertEquals(Severity.REFUSED, ReasonCode.NO_REVOCATION_INFO.severityFor(ClientKind.MRA));
        assertEquals(Severity.PROMPT, ReasonCode.UNTRUSTED_ROOT.severityFor(ClientKind.MRA));
        var jabber = ClientKind.JABBER.answer(io.ucfleet.labca.clients.VerdictKind.PROMPT, "uc.lab.test", "");
        assertEquals(List.of("Always trust uc.lab.test", "Cancel", "Continue"), jabber.buttons());
        assertEquals(List.of("Accept", "Decline"), ClientKind.LYNC.answer(io.ucfleet.labca.clients.VerdictKind.PROMPT,
                "uc.lab.test", "").buttons());
    }
}
