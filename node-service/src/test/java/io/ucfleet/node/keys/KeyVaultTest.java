package io.ucfleet.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.ucfleet.node.testing.TestCertificates;

class KeyVaultTest {
    private final SecureRandom random = new SecureRandom();

    private String kek() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void sealedKeyOpensOnlyUnderTheSameKekAndUnit() {
        var key = TestCertificates.ecKey().getPrivate();
        KeyVault vault = new KeyVault(kek(), random);
        byte[] sealed = vault.seal(key, "tomcat");
        assertArrayEquals(key.getEncoded(), vault.open(sealed, "tomcat", "EC").getEncoded());
        assertThrows(IllegalStateException.class, () -> vault.open(sealed, "CallManager", "EC"));
        assertThrows(IllegalStateException.class, () -> new KeyVault(kek(), random).open(sealed, "tomcat", "EC"));
    }

    @Test
    void sealedFormDoesNotContainThePlainKey() {
        var key = TestCertificates.ecKey().getPrivate();
        byte[] sealed = new KeyVault(kek(), random).seal(key, "tomcat");
        String hex = java.util.HexFormat.of().formatHex(sealed);
        String plain = java.util.HexFormat.of().formatHex(key.getEncoded());
        assertTrue(!hex.contains(plain.substring(plain.length() - 64)));
    }

    @Test
    void refusesAKekOfTheWrongLengthSayingHowToMakeOne() {
        var e = assertThrows(IllegalStateException.class, () -> new KeyVault("c2hvcnQ=", random));
        assertTrue(e.getMessage().contains("openssl rand -base64 32"));
    }
}
