package io.ucfleet.node.expressway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** View (decoded), the decode and DER-to-PEM utilities (seed 004, appendices 3 and 4) and the Validity column, judged by openssl. */
class DecodedCertificateTest {

    @Test
    void theDecodedViewIsWhatOpensslPrints() {
        var ca = TestCertificates.selfSignedCa("ucfleet decoded CA");
        var leaf = TestCertificates.issuedBy(ca, "leaf.ucfleet.test", false,
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "leaf.ucfleet.test"));
        for (var issued : List.of(ca, leaf)) {
            String pem = io.ucfleet.node.x509.Pem.certificate(io.ucfleet.node.x509.CertificateFacts.encoded(issued.certificate()));
            assertEquals(Openssl.x509Text(pem), DecodedCertificate.text(issued.certificate()));
        }
    }

    @Test
    void anOpensslMadeServerCertificateDecodesAsOpensslPrintsIt() throws Exception {
        Path dir = Openssl.tempDir();
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        var made = Openssl.withInput(null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "30", "-subj", "/C=US/O=Acme/OU=UC/CN=exp-e.ucfleet.test/emailAddress=pki@ucfleet.test",
                "-addext", "subjectAltName=DNS:exp-e.ucfleet.test,DNS:vcse.ucfleet.test,IP:192.0.2.7",
                "-addext", "extendedKeyUsage=serverAuth,clientAuth", "-addext", "keyUsage=critical,digitalSignature,keyEncipherment");
        assertEquals(0, made.exitCode(), made.stderr());
        String pem = Files.readString(cert);
        String decoded = CertificateConversion.decode(pem.getBytes());
        assertEquals(Openssl.x509Text(pem), decoded);
        Path der = dir.resolve("cert.cer");
        assertEquals(0, Openssl.withInput(null, "x509", "-in", cert.toString(), "-outform", "der", "-out", der.toString()).exitCode());
        // Appendix 4 reads DER too; appendix 3 turns it into the PEM openssl makes.
        assertEquals(decoded, CertificateConversion.decode(Files.readAllBytes(der)));
        String opensslPem = Openssl.run("x509", "-in", der.toString(), "-inform", "DER", "-outform", "PEM");
        assertEquals(opensslPem, CertificateConversion.derToPem(Files.readAllBytes(der)));
    }

    @Test
    void theUtilitiesRefuseWhatIsNoCertificateNamingIt() throws Exception {
        Path dir = Openssl.tempDir();
        Path key = dir.resolve("key.pem");
        assertEquals(0, Openssl.withInput(null, "genrsa", "-out", key.toString(), "2048").exitCode());
        DomainProblem keyRefused = org.junit.jupiter.api.Assertions.assertThrows(DomainProblem.class,
                () -> CertificateConversion.decode(Files.readAllBytes(key)));
        assertEquals(ProblemType.NOT_A_CERTIFICATE, keyRefused.type());
        assertTrue(keyRefused.getMessage().contains("private key"), keyRefused.getMessage());
        assertEquals(ProblemType.INVALID_DER, org.junit.jupiter.api.Assertions.assertThrows(DomainProblem.class,
                () -> CertificateConversion.derToPem(new byte[] {0x30, 0x03, 0x02, 0x01})).type());
        var pem = io.ucfleet.node.x509.Pem.certificate(io.ucfleet.node.x509.CertificateFacts.encoded(
                TestCertificates.selfSignedCa("already pem").certificate()));
        DomainProblem already = org.junit.jupiter.api.Assertions.assertThrows(DomainProblem.class,
                () -> CertificateConversion.derToPem(pem.getBytes()));
        assertTrue(already.getMessage().contains("already PEM"), already.getMessage());
        assertEquals(ProblemType.EMPTY_UPLOAD, org.junit.jupiter.api.Assertions.assertThrows(DomainProblem.class,
                () -> CertificateConversion.decode(new byte[0])).type());
    }

    @Test
    void validityIsValidExpiredOrNotYetValid() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var current = entry(TestCertificates.selfSignedCa("v1", now.minusSeconds(60), now.plusSeconds(3600)), now);
        var expired = entry(TestCertificates.selfSignedCa("v2", now.minusSeconds(7200), now.minusSeconds(3600)), now);
        var future = entry(TestCertificates.selfSignedCa("v3", now.plusSeconds(3600), now.plusSeconds(7200)), now);
        assertEquals("Valid", TrustedCaList.validity(current, now));
        assertEquals("Expired", TrustedCaList.validity(expired, now));
        assertEquals("Not yet valid", TrustedCaList.validity(future, now));
    }

    private static CertificateEntry entry(TestCertificates.Issued issued, Instant now) {
        return CertificateEntry.of(TrustedCaList.STORE, Usage.TRUST, CertificateType.TRUST, "test", issued.certificate(), now);
    }
}
