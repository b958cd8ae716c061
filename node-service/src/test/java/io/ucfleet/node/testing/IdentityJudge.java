package io.ucfleet.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ucfleet.node.profile.ExtendedKeyUsage;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.profile.KeyUsageBit;

/**
 * Judges a self-signed identity certificate by what {@code openssl x509 -text} prints: key
 * type and size, SHA-256 signature, the row's key usage and extended key usage, SAN dNSName,
 * basic constraints, 5-year validity, and that it verifies against itself.
 */
public final class IdentityJudge {
    /** openssl prints key usage bits in this order, whatever order they are encoded in. */
    private static final List<KeyUsageBit> OPENSSL_KU_ORDER = List.of(KeyUsageBit.DIGITAL_SIGNATURE,
            KeyUsageBit.KEY_ENCIPHERMENT, KeyUsageBit.DATA_ENCIPHERMENT, KeyUsageBit.KEY_AGREEMENT,
            KeyUsageBit.KEY_CERT_SIGN);

    private IdentityJudge() {
    }

    public static void assertFirstStartIdentity(String pem, IdentityProfile profile, String fqdn) {
        String text = Openssl.x509Text(pem);
        if (profile.keyAlgorithm == KeyAlgorithm.RSA) {
            assertContains(text, "Public Key Algorithm: rsaEncryption");
            assertContains(text, "Public-Key: (2048 bit)");
            assertContains(text, "Signature Algorithm: sha256WithRSAEncryption");
        } else {
            assertContains(text, "Public Key Algorithm: id-ecPublicKey");
            assertContains(text, "ASN1 OID: prime256v1");
            assertContains(text, "Signature Algorithm: ecdsa-with-SHA256");
        }
        List<String> ku = new ArrayList<>();
        OPENSSL_KU_ORDER.stream().filter(profile.keyUsages::contains).forEach(b -> ku.add(b.opensslName));
        assertEquals(String.join(", ", ku), extensionValue(text, "X509v3 Key Usage: critical"), profile.unit);
        List<String> eku = new ArrayList<>();
        for (ExtendedKeyUsage e : ExtendedKeyUsage.values()) {
            if (profile.extendedKeyUsages.contains(e)) {
                eku.add(e.opensslName);
            }
        }
        assertEquals(String.join(", ", eku), extensionValue(text, "X509v3 Extended Key Usage:"), profile.unit);
        assertEquals("DNS:" + fqdn, extensionValue(text, "X509v3 Subject Alternative Name:"));
        assertContains(text, profile.certificateAuthority ? "CA:TRUE" : "CA:FALSE");
        assertFiveYearsOfValidity(pem);
        var file = Openssl.temp("self.pem", pem);
        assertContains(Openssl.run("verify", "-CAfile", file.toString(), file.toString()), ": OK");
    }

    private static void assertFiveYearsOfValidity(String pem) {
        String dates = Openssl.withInput(pem, "x509", "-noout", "-startdate", "-enddate").out();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH);
        Matcher start = Pattern.compile("notBefore=(.*)").matcher(dates);
        Matcher end = Pattern.compile("notAfter=(.*)").matcher(dates);
        assertTrue(start.find() && end.find(), dates);
        var notBefore = LocalDateTime.parse(start.group(1).trim(), f).atZone(ZoneOffset.UTC);
        var notAfter = LocalDateTime.parse(end.group(1).trim(), f).atZone(ZoneOffset.UTC);
        assertEquals(notBefore.plusYears(5), notAfter, dates);
        assertTrue(Math.abs(ZonedDateTime.now(ZoneOffset.UTC).toEpochSecond() - notBefore.toEpochSecond()) < 86_400);
    }

    /** The line after an extension's header in openssl's text output. */
    public static String extensionValue(String text, String header) {
        List<String> lines = text.lines().map(String::trim).toList();
        int i = lines.indexOf(header);
        assertTrue(i >= 0, "no \"" + header + "\" in\n" + text);
        return lines.get(i + 1);
    }

    public static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), "expected \"" + expected + "\" in:\n" + text);
    }
}
