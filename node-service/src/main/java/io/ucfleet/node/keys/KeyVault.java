package io.ucfleet.node.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encryption at rest of identity private keys: AES-256-GCM under the configured
 * key-encryption key, with the unit name as associated data so a row copied to another unit
 * does not decrypt. Stored form: {@link AesGcm}'s (12-byte nonce followed by ciphertext and tag).
 */
public final class KeyVault {
    private final AesGcm aead;

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
        this.aead = new AesGcm(raw, random);
        Arrays.fill(raw, (byte) 0);
    }

    public byte[] seal(SigningKey key, String unit) {
        byte[] plain = key.encoded();
        try {
            return sealBytes(plain, unit);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public SigningKey open(byte[] sealed, String unit, String algorithm) {
        byte[] plain = openBytes(sealed, unit);
        try {
            return new SigningKey(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(plain)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decode the " + unit + " key");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals raw key bytes (e.g. a symmetric key); {@code context} is bound in as associated data. */
    public byte[] sealBytes(byte[] plain, String context) {
        try {
            return aead.seal(plain, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the " + context + " key", e);
        }
    }

    /** The bytes {@link #sealBytes} sealed with the same context; the caller wipes them after use. */
    public byte[] openBytes(byte[] sealed, String context) {
        try {
            return aead.open(sealed, context);
        } catch (GeneralSecurityException e) {
            // Wrong KEK or tampered row; the message names neither key material nor KEK.
            throw new IllegalStateException("cannot decrypt the " + context + " key: wrong key-encryption key or corrupt row");
        }
    }
}
