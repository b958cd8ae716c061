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
        var key = new SigningKey(TestCertificates.ecKey().getPrivate());
        KeyVault vault = new KeyVault(kek(), random);
        byte[] sealed = vault.seal(key, "tomcat");
        assertArrayEquals(key.key.getEncoded(), vault.open(sealed, "tomcat", "EC").key.getEncoded());
        assertThrows(IllegalStateException.class, () -> vault.open(sealed, "CallManager", "EC"));
        assertThrows(IllegalStateException.class, () -> new KeyVault(kek(), random).open(sealed, "tomcat", "EC"));
    }

    @Test
    void sealedFormDoesNotContainThePlainKey() {
        var key = TestCertificates.ecKey().getPrivate();
        byte[] sealed = new KeyVault(kek(), random).seal(new SigningKey(key), "tomcat");
        String hex = java.util.HexFormat.of().formatHex(sealed);
        String plain = java.util.HexFormat.of().formatHex(key.getEncoded());
        assertTrue(!hex.contains(plain.substring(plain.length() - 64)));
    }

    @Test
    void refusesAKekOfTheWrongLengthSayingHowToMakeOne() {
        var e = assertThrows(IllegalStateException.class, () -> new KeyVault("c2hvcnQ=", random));
        assertTrue(e.getMessage().contains("openssl rand -base64 32"));
    }

    /**
     * The stored form (12-byte nonce, then ciphertext and tag, unit as associated data) is fixed:
     * rows already in databases must keep opening. The expected bytes come from an independent
     * AES-GCM (Python cryptography's AESGCM), key 00..1f, nonce 64..6f.
     */
    @Test
    void storedFormIsNonceThenCiphertextAndTag() {
        byte[] kek = new byte[32];
        for (int i = 0; i < kek.length; i++) {
            kek[i] = (byte) i;
        }
        SecureRandom fixedNonce = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (100 + i);
                }
            }
        };
        byte[] stored = java.util.HexFormat.of().parseHex("6465666768696a6b6c6d6e6f3d78b80a1c8c22be4d073e84bf014a9627"
                + "bb266bff4c8117d4a511d2f9fb9cd688666fdbdf9ff045b7d3");
        byte[] plain = "ucfleet sealed key at rest".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        KeyVault vault = new KeyVault(Base64.getEncoder().encodeToString(kek), fixedNonce);
        assertArrayEquals(plain, vault.openBytes(stored, "tomcat"));
        assertArrayEquals(stored, vault.sealBytes(plain, "tomcat"));
        assertThrows(IllegalStateException.class, () -> vault.openBytes(new byte[5], "tomcat"));
    }
}
