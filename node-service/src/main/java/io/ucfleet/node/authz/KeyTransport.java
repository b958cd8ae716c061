package io.ucfleet.node.authz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps the symmetric AUTHZ key for its trip between nodes: AES-256-GCM under a key derived
 * (PBKDF2-HMAC-SHA256) from the cluster service account's password, which only the
 * cluster's own processes know; the key's purpose and id are bound in as associated data.
 * So the key never crosses the wire, or lands in a proxy's or debugger's capture, in clear
 * even where the cluster channel is plain HTTP. (It does not replace TLS: whoever sees the
 * Basic credentials of the cluster account can derive the wrapping key too.)
 */
public final class KeyTransport {
    private static final int ITERATIONS = 120_000;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public KeyTransport(String clusterPassword, String clusterName, SecureRandom random) {
        this.random = random;
        char[] password = clusterPassword.toCharArray();
        try {
            byte[] salt = ("ucfleet authz key transport v1|" + clusterName).getBytes(StandardCharsets.UTF_8);
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 256)).getEncoded();
            this.key = new SecretKeySpec(derived, "AES");
            Arrays.fill(derived, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the AUTHZ transport key", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public byte[] wrap(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the AUTHZ key", e);
        }
    }

    /** The wrapped bytes, or an exception naming no key material when the sender used another password. */
    public byte[] unwrap(byte[] wrapped, String context) {
        if (wrapped.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("the wrapped key is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the wrapped key does not open: the sender uses another cluster password or cluster name, or it was altered");
        }
    }
}
