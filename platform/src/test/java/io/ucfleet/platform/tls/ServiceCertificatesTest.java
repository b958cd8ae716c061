package io.ucfleet.platform.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the launcher keeps a service's certificate and when it issues a new one. */
class ServiceCertificatesTest {
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    @TempDir
    Path dir;

    @Test
    void aCertificateIsKeptOnlyWhileItIsTheCasForTheSameNamesWithItsOwnKeyAndFarFromExpiry() throws Exception {
        Instant now = Instant.now();
        ServiceCertificates.Issued ca = ServiceCertificates.newCa("ucfleet services CA test", now);
        List<String> names = ServiceCertificates.localNames("cluster-sync", "10.1.2.3");
        Path cert = dir.resolve("service.crt");
        Path key = dir.resolve("service.key");
        assertFalse(ServiceCertificates.stillValid(cert, key, ca, names, now, RENEW_BEFORE), "no files yet");

        ServiceCertificates.Issued issued = ServiceCertificates.issue(ca, names, now);
        issued.write(cert, key);
        Files.writeString(cert, issued.certificatePem() + ca.certificatePem()); // the chain, as the launcher writes it
        assertTrue(ServiceCertificates.stillValid(cert, key, ca, names, now, RENEW_BEFORE));
        // the same names in another order and spelling (::1 as the certificate encodes it)
        assertTrue(ServiceCertificates.stillValid(cert, key, ca, List.of("0:0:0:0:0:0:0:1", "LOCALHOST", "127.0.0.1",
                "10.1.2.3", "cluster-sync"), now, RENEW_BEFORE));

        assertFalse(ServiceCertificates.stillValid(cert, key, ca, ServiceCertificates.localNames("cluster-sync", "10.9.9.9"),
                now, RENEW_BEFORE), "the topology's address changed");
        assertFalse(ServiceCertificates.stillValid(cert, key, ServiceCertificates.newCa("another CA", now), names, now,
                RENEW_BEFORE), "the state directory's CA was made anew");
        assertFalse(ServiceCertificates.stillValid(cert, key, ca, names,
                now.plus(ServiceCertificates.SERVICE_VALIDITY).minus(Duration.ofDays(29)), RENEW_BEFORE), "29 days left");
        assertTrue(ServiceCertificates.stillValid(cert, key, ca, names,
                now.plus(ServiceCertificates.SERVICE_VALIDITY).minus(Duration.ofDays(31)), RENEW_BEFORE), "31 days left");

        Path otherKey = dir.resolve("other.key");
        ServiceCertificates.issue(ca, names, now).write(dir.resolve("other.crt"), otherKey);
        assertFalse(ServiceCertificates.stillValid(cert, otherKey, ca, names, now, RENEW_BEFORE), "a key of another certificate");
        Files.writeString(key, "not a key");
        assertFalse(ServiceCertificates.stillValid(cert, key, ca, names, now, RENEW_BEFORE), "an unreadable key");
    }
}
