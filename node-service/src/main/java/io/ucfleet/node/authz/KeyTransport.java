package io.ucfleet.node.authz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.ucfleet.node.keys.AesGcm;

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

    private final AesGcm aead;

    public KeyTransport(String clusterPassword, String clusterName, SecureRandom random) {
        char[] password = clusterPassword.toCharArray();
        try {
            byte[] salt = ("ucfleet authz key transport v1|" + clusterName).getBytes(StandardCharsets.UTF_8);
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 256)).getEncoded();
            this.aead = new AesGcm(derived, random);
            Arrays.fill(derived, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the AUTHZ transport key", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public byte[] wrap(byte[] plain, String context) {
        try {
            return aead.seal(plain, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the AUTHZ key", e);
        }
    }

    /** The wrapped bytes, or an exception naming no key material when the sender used another password. */
    public byte[] unwrap(byte[] wrapped, String context) {
        if (wrapped.length <= AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("the wrapped key is too short");
        }
        try {
            return aead.open(wrapped, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the wrapped key does not open: the sender uses another cluster password or cluster name, or it was altered");
        }
    }
}
