package io.ucfleet.node.authz;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;

import javax.crypto.SecretKey;

import io.ucfleet.node.keys.SigningKey;

/**
 * The AUTHZ keys a node holds. Only the publisher holds the private signing key: it alone
 * issues tokens, and verifying a signature needs only the public key. Every node holds the
 * symmetric encryption key, which both encrypts and decrypts refresh tokens.
 */
public record AuthzKeySet(Signing signing, Encryption encryption) {

    public record Signing(String keyId, long version, Instant generatedAt, PublicKey publicKey,
            Optional<SigningKey> privateKey) {
        @Override
        public String toString() {
            return "Signing[" + keyId + " v" + version + (privateKey.isPresent() ? ", with private key]" : "]");
        }
    }

    public record Encryption(String keyId, long version, Instant generatedAt, SecretKey key) {
        @Override
        public String toString() {
            return "Encryption[" + keyId + " v" + version + "]";
        }
    }
}
