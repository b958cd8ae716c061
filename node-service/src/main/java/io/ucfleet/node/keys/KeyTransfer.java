package io.ucfleet.node.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals a private key for one receiving node (ECIES): the receiver offers a one-time P-256
 * public key; the sender makes its own ephemeral P-256 pair, derives an AES-256-GCM key from
 * the ECDH secret with HKDF-SHA256, and encrypts the PKCS#8 key. The context (unit and the
 * certificate's SHA-256) is both HKDF info and GCM associated data, so a sealed key opens only
 * for the certificate it was sent with. Only ciphertext crosses the network. Pure.
 */
public final class KeyTransfer {
    private static final int NONCE_BYTES = 12;

    private KeyTransfer() {
    }

    /** What crosses the network: the sender's ephemeral public key (X.509 SPKI), nonce and ciphertext, base64. */
    public record SealedKey(String algorithm, String ephemeralPublicKey, String nonce, String ciphertext) {
        @Override
        public String toString() {
            return "SealedKey[" + algorithm + ", sealed]";
        }
    }

    /** The receiver's one-time key: its public half is offered, its private half opens what was sealed for it. */
    public static final class OfferKey {
        private final PublicKey publicKey;
        private final PrivateKey privateKey;

        private OfferKey(KeyPair pair) {
            this.publicKey = pair.getPublic();
            this.privateKey = pair.getPrivate();
        }

        /** To seal for (X.509 SPKI). */
        public PublicKey publicKey() {
            return publicKey;
        }

        @Override
        public String toString() {
            return "OfferKey[EC P-256]";
        }
    }

    public static OfferKey offerKey(SecureRandom random) {
        return new OfferKey(ecKeyPair(random));
    }

    private static KeyPair ecKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a key-transfer key", e);
        }
    }

    public static SealedKey seal(SigningKey key, byte[] receiverPublicKey, String context, SecureRandom random) {
        byte[] plain = key.encoded();
        try {
            KeyPair ephemeral = ecKeyPair(random);
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(ephemeral.getPrivate(), publicKey(receiverPublicKey), context),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedKey(key.algorithm(), b64.encodeToString(ephemeral.getPublic().getEncoded()),
                    b64.encodeToString(nonce), b64.encodeToString(cipher.doFinal(plain)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the key for transfer", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public static SigningKey open(SealedKey sealed, OfferKey receiver, String context) {
        byte[] plain = null;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey(receiver.privateKey, publicKey(b64.decode(sealed.ephemeralPublicKey())), context),
                    new GCMParameterSpec(128, b64.decode(sealed.nonce())));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(b64.decode(sealed.ciphertext()));
            return new SigningKey(KeyFactory.getInstance(sealed.algorithm()).generatePrivate(new PKCS8EncodedKeySpec(plain)));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            // Never echo the material: say only that it does not open.
            throw new IllegalArgumentException("the transferred key does not open for this offer and certificate");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static SecretKeySpec aesKey(PrivateKey own, PublicKey other, String context) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(other, true);
        byte[] secret = agreement.generateSecret();
        byte[] okm = new byte[32];
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, "ucfleet key transfer v1".getBytes(StandardCharsets.UTF_8),
                context.getBytes(StandardCharsets.UTF_8)));
        hkdf.generateBytes(okm, 0, okm.length);
        Arrays.fill(secret, (byte) 0);
        return new SecretKeySpec(okm, "AES");
    }

    private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The context a key is sealed for: this unit and this certificate. */
    public static String context(String unit, String certificateSha256) {
        return "unit=" + unit + ";certificate=" + certificateSha256;
    }
}
