package io.ucfleet.node.authz;

import java.util.Arrays;
import java.util.Optional;

/**
 * The cluster's two OAuth AUTHZ keys (seed 002, "Regenerate Keys for OAuth Refresh Logins"):
 * {@code set key regen authz signing|encryption}. Signing is RSA and signs access tokens;
 * encryption is symmetric (AES-256) and encrypts refresh tokens.
 */
public enum AuthzKeyPurpose {
    SIGNING("signing", "RSA", 2048),
    ENCRYPTION("encryption", "AES", 256);

    /** As the CLI and the API name it. */
    public final String id;
    public final String algorithm;
    public final int keySize;

    AuthzKeyPurpose(String id, String algorithm, int keySize) {
        this.id = id;
        this.algorithm = algorithm;
        this.keySize = keySize;
    }

    public static Optional<AuthzKeyPurpose> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** Associated data binding a sealed key to its purpose and id (at rest and in transit). */
    String sealContext(String keyId) {
        return "authz-" + id + ":" + keyId;
    }
}
