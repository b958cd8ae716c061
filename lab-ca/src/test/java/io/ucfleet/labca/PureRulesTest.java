package io.ucfleet.labca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.ucfleet.labca.faults.Endpoint;
import io.ucfleet.labca.issuance.Validity;
import io.ucfleet.labca.keys.CaKey;
import io.ucfleet.labca.keys.KeyType;
import io.ucfleet.labca.keys.KeyVault;
import io.ucfleet.labca.ledger.RevocationReason;
import io.ucfleet.labca.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The pure rules, without a boot: one table per rule. */
class PureRulesTest {

    @ParameterizedTest(name = "reason \"{0}\" is {1}")
    @CsvSource({ "keyCompromise, KEY_COMPROMISE", "key-compromise, KEY_COMPROMISE", "KEY_COMPROMISE, KEY_COMPROMISE",
            "cACompromise, CA_COMPROMISE", "superseded, SUPERSEDED", "certificateHold, CERTIFICATE_HOLD",
            "unspecified, UNSPECIFIED" })
    void revocationReasonsAreReadByTheirRfcNames(String text, RevocationReason reason) {
        assertEquals(Optional.of(reason), RevocationReason.parse(text));
    }

    @ParameterizedTest(name = "reason \"{0}\" is refused")
    @CsvSource({ "removeFromCRL", "compromised", "8", "''" })
    void removeFromCrlAndInventionsAreNoReasons(String text) {
        assertEquals(Optional.empty(), RevocationReason.parse(text));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({ "/pki/default/ocsp, OCSP", "/pki/default/ocsp/MEIwQDA+, OCSP", "/pki/lab/intermediate.crl, CRL",
            "/pki/lab/root.crl.gz, CRL", "/pki/lab/intermediate.crl.zip, CRL", "/pki/lab/root.crt, CA_ISSUERS",
            "/pki/lab/chain.pem, CA_ISSUERS" })
    void revocationEndpointsAreKnownByTheirPaths(String path, Endpoint endpoint) {
        assertEquals(Optional.of(endpoint), Endpoint.ofPath(path));
    }

    @ParameterizedTest(name = "{0} takes no fault")
    @CsvSource({ "/api/v1/authorities/default/certificates", "/ucfleet/v1/faults/ocsp", "/q/health/ready", "/pki/default" })
    void theApiAndHealthNeverMeetAFault(String path) {
        assertEquals(Optional.empty(), Endpoint.ofPath(path));
    }

    @ParameterizedTest(name = "serial \"{0}\" reads as {1}")
    @CsvSource({ "4f:4b:eb:79, 4F4BEB79", "0x00ab, AB", "ABCDEF, ABCDEF" })
    void serialsAreReadAsOpensslPrintsThem(String text, String hex) {
        assertEquals(Optional.of(hex), SerialNumbers.normalise(text));
    }

    @Test
    void serialsHave127RandomBitsAndArePositive() {
        var random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            var serial = SerialNumbers.random(random);
            assertEquals(127, serial.bitLength());
            assertTrue(serial.signum() > 0);
        }
    }

    @Test
    void aValidityMustEndAfterItStartsAndNotBothFormsAtOnce() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(now.plusSeconds(30L * 86400), Validity.of(Optional.of(30), Optional.empty(), Optional.empty(), now).notAfter());
        var inverted = assertThrows(DomainProblem.class, () -> Validity.of(Optional.empty(), Optional.of(now),
                Optional.of(now.minusSeconds(1)), now));
        assertEquals(ProblemType.INVALID_VALIDITY, inverted.type());
        assertThrows(DomainProblem.class, () -> Validity.of(Optional.of(10), Optional.of(now), Optional.empty(), now));
        var past = Validity.of(Optional.empty(), Optional.of(now.minusSeconds(86400 * 20)), Optional.of(now.minusSeconds(86400)),
                now);
        assertTrue(past.notAfter().isBefore(now)); // an expired certificate on purpose is allowed
    }

    @Test
    void aSealedKeyOpensOnlyUnderItsKekAndForItsOwnCa() throws Exception {
        var random = new SecureRandom();
        KeyVault vault = new KeyVault(Base64.getEncoder().encodeToString(new byte[32]), random);
        byte[] other = new byte[32];
        other[0] = 1;
        KeyVault otherVault = new KeyVault(Base64.getEncoder().encodeToString(other), random);
        CaKey key = CaKey.generate(KeyType.EC, 256, random);
        byte[] sealed = key.seal(vault, "lab-ca/default/root");
        CaKey opened = CaKey.open(vault, sealed, "lab-ca/default/root", key.publicKey(), KeyType.EC, 256);
        var signer = opened.signer();
        signer.getOutputStream().write("to be signed".getBytes());
        var verify = java.security.Signature.getInstance("SHA256withECDSA");
        verify.initVerify(key.publicKey());
        verify.update("to be signed".getBytes());
        assertTrue(verify.verify(signer.getSignature()), "the opened key is the sealed one");
        assertThrows(IllegalStateException.class,
                () -> CaKey.open(vault, sealed, "lab-ca/default/intermediate", key.publicKey(), KeyType.EC, 256));
        assertThrows(IllegalStateException.class,
                () -> CaKey.open(otherVault, sealed, "lab-ca/default/root", key.publicKey(), KeyType.EC, 256));
        sealed[sealed.length - 1] ^= 1;
        var tampered = assertThrows(IllegalStateException.class,
                () -> CaKey.open(vault, sealed, "lab-ca/default/root", key.publicKey(), KeyType.EC, 256));
        assertTrue(tampered.getMessage().contains("wrong key-encryption key or corrupt row"), tampered.getMessage());
        assertThrows(IllegalStateException.class, () -> new KeyVault("c2hvcnQ=", random)); // 5 bytes
    }
}
