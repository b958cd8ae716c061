package io.ucfleet.node.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of identity private keys: AES-256-GCM under the configured
 * key-encryption key, with the unit name as associated data so a row copied to another unit
 * does not decrypt. Stored form: 12-byte nonce followed by ciphertext and tag.
 */
public final class KeyVault {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec kek;
    private final SecureRandom random;

    public KeyVault(String base64Kek, SecureRandom random) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ucfleet.node.key-encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("ucfleet.node.key-encryption-key must be 32 bytes (base64 of 256 bits), got "
                    + raw.length + " bytes; generate one with: openssl rand -base64 32");
        }
        this.kek = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
        this.random = random;
    }

    public byte[] seal(PrivateKey key, String unit) {
        byte[] plain = key.getEncoded();
        try {
            return sealBytes(plain, unit);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public PrivateKey open(byte[] sealed, String unit, String algorithm) {
        byte[] plain = openBytes(sealed, unit);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decode the " + unit + " key");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals raw key bytes (e.g. a symmetric key); {@code context} is bound in as associated data. */
    public byte[] sealBytes(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the " + context + " key", e);
        }
    }

    /** The bytes {@link #sealBytes} sealed with the same context; the caller wipes them after use. */
    public byte[] openBytes(byte[] sealed, String context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong KEK or tampered row; the message names neither key material nor KEK.
            throw new IllegalStateException("cannot decrypt the " + context + " key: wrong key-encryption key or corrupt row");
        }
    }
}
