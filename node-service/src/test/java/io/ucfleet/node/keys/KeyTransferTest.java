package io.ucfleet.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The sealed key opens only with the offer's key and only for the certificate it was sealed for. */
class KeyTransferTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aSealedKeyOpensForItsOfferAndContextOnly() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair identity = rsa.generateKeyPair();
        KeyTransfer.OfferKey offer = KeyTransfer.offerKey(random);
        String context = KeyTransfer.context("tomcat", "ab".repeat(32));

        var sealed = KeyTransfer.seal(new SigningKey(identity.getPrivate()), offer.publicKey().getEncoded(), context, random);
        String pkcs8 = Base64.getEncoder().encodeToString(identity.getPrivate().getEncoded());
        assertFalse(sealed.ciphertext().contains(pkcs8.substring(0, 40)));
        assertFalse(sealed.toString().contains(sealed.ciphertext()));
        assertArrayEquals(identity.getPrivate().getEncoded(), KeyTransfer.open(sealed, offer, context).key.getEncoded());

        assertThrows(IllegalArgumentException.class, () -> KeyTransfer.open(sealed, offer,
                KeyTransfer.context("tomcat", "cd".repeat(32))));
        assertThrows(IllegalArgumentException.class, () -> KeyTransfer.open(sealed,
                KeyTransfer.offerKey(random), context));
    }
}
