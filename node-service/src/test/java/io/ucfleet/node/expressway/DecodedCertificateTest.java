package io.ucfleet.node.expressway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TestCertificates;

/** View (decoded) and the Validity column of the Trusted CA certificate page, judged by openssl. */
class DecodedCertificateTest {

    @Test
    void theDecodedViewNamesWhatOpensslPrints() {
        var ca = TestCertificates.selfSignedCa("ucfleet decoded CA");
        String text = DecodedCertificate.text(ca.certificate());
        String openssl = Openssl.x509Text(ca.pem());
        assertTrue(text.contains("Subject: CN=ucfleet decoded CA,O=ucfleet tests"), text);
        assertTrue(text.contains("X509v3 Basic Constraints: CA:TRUE") && openssl.contains("CA:TRUE"), text);
        String fingerprint = Openssl.withInput(ca.pem(), "x509", "-noout", "-fingerprint", "-sha256").out();
        String hex = fingerprint.substring(fingerprint.indexOf('=') + 1).strip().replace(":", "").toLowerCase();
        assertTrue(text.contains("SHA-256 Fingerprint: " + hex), text + "\n" + hex);
        String serial = Openssl.withInput(ca.pem(), "x509", "-noout", "-serial").out().strip();
        assertTrue(text.contains("Serial Number: " + serial.substring(serial.indexOf('=') + 1).replaceFirst("^0+(?=.)", "")), text + serial);
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
