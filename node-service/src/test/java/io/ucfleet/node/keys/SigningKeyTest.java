package io.ucfleet.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.profile.KeyAlgorithm;

/** The handle does with the key what its callers need, and shows none of it. */
class SigningKeyTest {
    private final SecureRandom random = new SecureRandom();

    private static SubjectPublicKeyInfo spki(SigningKeyPair pair) {
        return SubjectPublicKeyInfo.getInstance(pair.publicKey().getEncoded());
    }

    @Test
    void provesPossessionOfItsOwnPublicKeyOnly() {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            SigningKeyPair pair = KeyGeneration.generate(algorithm, algorithm.defaultSize, random);
            SigningKeyPair other = KeyGeneration.generate(algorithm, algorithm.defaultSize, random);
            assertEquals(algorithm.jcaName, pair.privateKey().algorithm());
            assertTrue(pair.privateKey().matches(spki(pair)), algorithm.name());
            assertFalse(pair.privateKey().matches(spki(other)), algorithm.name());
        }
        SigningKeyPair rsa = KeyGeneration.generate(KeyAlgorithm.RSA, 2048, random);
        SigningKeyPair ec = KeyGeneration.generate(KeyAlgorithm.EC, 256, random);
        assertFalse(rsa.privateKey().matches(spki(ec)), "a key of another family");
    }

    @Test
    void signaturesVerifyWithThePublicKey() throws Exception {
        SigningKeyPair pair = KeyGeneration.generate(KeyAlgorithm.RSA, 2048, random);
        byte[] data = "CTL bytes".getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : new String[] {"SHA1withRSA", "SHA256withRSA", "SHA512withRSA"}) {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pair.publicKey());
            verifier.update(data);
            assertTrue(verifier.verify(pair.privateKey().sign(algorithm, data)), algorithm);
        }
    }

    @Test
    void theTlsKeyFileIsTheKeyEncryptedUnderThePassword() throws Exception {
        SigningKeyPair pair = KeyGeneration.generate(KeyAlgorithm.EC, 256, random);
        String pem = pair.privateKey().encryptedPkcs8Pem("listener password");
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
        String clear = Base64.getEncoder().encodeToString(pair.privateKey().key.getEncoded());
        assertFalse(pem.replace("\n", "").replace("\r", "").contains(clear.substring(clear.length() - 40)));
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            var encrypted = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
            var decrypted = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider()).build("listener password".toCharArray()));
            assertArrayEquals(pair.privateKey().key.getEncoded(), decrypted.getEncoded());
        }
    }

    @Test
    void showsNoMaterial() {
        SigningKeyPair pair = KeyGeneration.generate(KeyAlgorithm.EC, 256, random);
        assertEquals("SigningKey[EC]", pair.privateKey().toString());
        assertEquals("OfferKey[EC P-256]", KeyTransfer.offerKey(random).toString());
    }
}
