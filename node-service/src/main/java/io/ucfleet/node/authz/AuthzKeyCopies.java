package io.ucfleet.node.authz;

import java.util.Arrays;
import java.util.Base64;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.keys.KeyVault;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The AUTHZ keys as they travel between nodes: the copy the publisher hands to its peers (the
 * public signing key and the symmetric key wrapped for the cluster, never the private signing
 * key), and a peer taking a copy, which it stores only when newer than what it holds.
 */
@ApplicationScoped
public class AuthzKeyCopies {
    private static final Logger LOG = Logger.getLogger(AuthzKeyCopies.class);

    private final Node node;
    private final AuthzKeys keys;
    private final Serviceability serviceability;
    private final KeyVault vault;

    @Inject
    public AuthzKeyCopies(Node node, AuthzKeys keys, Serviceability serviceability) {
        this.node = node;
        this.keys = keys;
        this.serviceability = serviceability;
        this.vault = keys.vault();
    }

    /** Per-purpose result of applying a distributed key. */
    public enum Outcome {
        UPDATED, CURRENT, STALE
    }

    public record Applied(Outcome signing, Outcome encryption) {
        boolean changed() {
            return signing == Outcome.UPDATED || encryption == Outcome.UPDATED;
        }
    }

    /** The keys as they travel from the publisher: public signing key, wrapped symmetric key. */
    public record Distribution(String publisher, SigningCopy signing, EncryptionCopy encryption) {
    }

    public record SigningCopy(String keyId, long version, Instant generatedAt, String publicKey) {
    }

    public record EncryptionCopy(String keyId, long version, Instant generatedAt, String wrappedKey) {
        @Override
        public String toString() {
            return "EncryptionCopy[" + keyId + " v" + version + ", wrapped]";
        }
    }

    /** What the publisher hands to its peers: never the private signing key. */
    @Transactional
    public Distribution distribution(KeyTransport transport) {
        keys.requirePublisher("AUTHZ keys are distributed by the publisher");
        keys.ensureGenerated();
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = AuthzKeyRow.all();
        AuthzKeyRow s = rows.get(AuthzKeyPurpose.SIGNING);
        AuthzKeyRow e = rows.get(AuthzKeyPurpose.ENCRYPTION);
        byte[] raw = vault.openBytes(e.sealedKey, AuthzKeyPurpose.ENCRYPTION.sealContext(e.keyId));
        try {
            return new Distribution(node.fqdn(),
                    new SigningCopy(s.keyId, s.version, s.generatedAt, Base64.getEncoder().encodeToString(s.publicKey)),
                    new EncryptionCopy(e.keyId, e.version, e.generatedAt, Base64.getEncoder().encodeToString(
                            transport.wrap(raw, AuthzKeyPurpose.ENCRYPTION.sealContext(e.keyId)))));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A peer's copy from the publisher: stored when newer than what this node holds. */
    @Transactional
    public Applied apply(Distribution distribution, KeyTransport transport) {
        validate(distribution);
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = AuthzKeyRow.allLocked();
        AuthzKeyRow s = rows.get(AuthzKeyPurpose.SIGNING);
        AuthzKeyRow e = rows.get(AuthzKeyPurpose.ENCRYPTION);
        Outcome signing = compare(s, distribution.signing().keyId(), distribution.signing().version());
        Outcome encryption = compare(e, distribution.encryption().keyId(), distribution.encryption().version());
        if (keys.isPublisher()) {
            if (signing == Outcome.UPDATED || encryption == Outcome.UPDATED) {
                throw new DomainProblem(ProblemType.AUTHZ_PUBLISHER_ONLY,
                        "This node is the publisher: it generates the AUTHZ keys and accepts none from peers.");
            }
            return new Applied(signing, encryption);
        }
        // Decode everything before storing anything: a bad copy changes nothing.
        byte[] publicKey;
        byte[] raw;
        try {
            publicKey = Base64.getDecoder().decode(distribution.signing().publicKey());
            AuthzKeys.publicKey(publicKey);
            raw = transport.unwrap(Base64.getDecoder().decode(distribution.encryption().wrappedKey()),
                    AuthzKeyPurpose.ENCRYPTION.sealContext(distribution.encryption().keyId()));
        } catch (IllegalArgumentException bad) {
            throw new DomainProblem(ProblemType.INVALID_AUTHZ_DISTRIBUTION, "The AUTHZ key distribution cannot be read"
                    + " (a key that is not base64, not a P-256 public key, or not sealed for this cluster).");
        }
        try {
            if (signing == Outcome.UPDATED) {
                s = s != null ? s : AuthzKeyRow.of(AuthzKeyPurpose.SIGNING);
                s.keyId = distribution.signing().keyId();
                s.version = distribution.signing().version();
                s.generatedAt = distribution.signing().generatedAt();
                s.algorithm = AuthzKeyPurpose.SIGNING.algorithm;
                s.publicKey = publicKey;
                s.sealedKey = null; // verification needs only the public key
                s.persist();
            }
            if (encryption == Outcome.UPDATED) {
                e = e != null ? e : AuthzKeyRow.of(AuthzKeyPurpose.ENCRYPTION);
                e.keyId = distribution.encryption().keyId();
                e.version = distribution.encryption().version();
                e.generatedAt = distribution.encryption().generatedAt();
                e.algorithm = AuthzKeyPurpose.ENCRYPTION.algorithm;
                e.sealedKey = vault.sealBytes(raw, AuthzKeyPurpose.ENCRYPTION.sealContext(e.keyId));
                e.persist();
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        Applied applied = new Applied(signing, encryption);
        if (applied.changed()) {
            // The first copy a new node receives is no regeneration; later ones are.
            boolean firstCopy = rows.isEmpty();
            if (!firstCopy) {
                serviceability.requireRestart(List.of(CiscoService.CALLMANAGER), AuthzKeys.RESTART_REASON.formatted(
                        signing == Outcome.UPDATED && encryption == Outcome.UPDATED ? "signing and encryption"
                                : signing == Outcome.UPDATED ? "signing" : "encryption"));
            }
            LOG.infof("AUTHZ keys from the publisher %s: signing %s (%s), encryption %s (%s)", distribution.publisher(),
                    distribution.signing().keyId(), signing, distribution.encryption().keyId(), encryption);
        }
        return applied;
    }

    /** Newer version wins; at the same version the publisher's key id does (it is authoritative). */
    private static Outcome compare(AuthzKeyRow stored, String keyId, long version) {
        if (stored == null || version > stored.version || (version == stored.version && !keyId.equals(stored.keyId))) {
            return Outcome.UPDATED;
        }
        return version == stored.version ? Outcome.CURRENT : Outcome.STALE;
    }

    private static void validate(Distribution d) {
        if (d == null || d.signing() == null || d.encryption() == null || blank(d.signing().keyId())
                || blank(d.signing().publicKey()) || d.signing().generatedAt() == null || d.signing().version() < 1
                || blank(d.encryption().keyId()) || blank(d.encryption().wrappedKey())
                || d.encryption().generatedAt() == null || d.encryption().version() < 1) {
            throw new DomainProblem(ProblemType.INVALID_AUTHZ_DISTRIBUTION,
                    "An AUTHZ key distribution needs signing {keyId, version >= 1, generatedAt, publicKey} and "
                            + "encryption {keyId, version >= 1, generatedAt, wrappedKey}.");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
