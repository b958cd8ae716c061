package io.ucfleet.labca.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of CA private keys, as node-service seals its identity keys: AES-256-GCM
 * under the configured key-encryption key, a fresh 96-bit nonce per seal, a 128-bit tag, and the
 * CA's name ({@code lab-ca/<hierarchy>/<tier>}) as associated data so a row copied to another CA
 * does not open. Stored form: 12-byte nonce followed by ciphertext and tag.
 */
public final class KeyVault {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random;

    public KeyVault(String base64Kek, SecureRandom random) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek == null ? "" : base64Kek.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ucfleet.lab-ca.key-encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("ucfleet.lab-ca.key-encryption-key must be 32 bytes (base64 of 256 bits), got "
                    + raw.length + " bytes; generate one with: openssl rand -base64 32");
        }
        this.key = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
        this.random = random;
    }

    byte[] seal(byte[] plain, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the " + context + " key", e);
        }
    }

    /** The plain bytes; the caller wipes them. Fails on another KEK, another context or any altered byte. */
    byte[] open(byte[] sealed, String context) {
        try {
            if (sealed.length < NONCE_BYTES) {
                throw new AEADBadTagException("shorter than a nonce");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong KEK or tampered row; the message names neither key material nor KEK.
            throw new IllegalStateException("cannot decrypt the " + context + " key: wrong key-encryption key or corrupt row");
        }
    }
}
