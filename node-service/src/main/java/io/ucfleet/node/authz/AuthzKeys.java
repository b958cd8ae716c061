package io.ucfleet.node.authz;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.keys.KeyVault;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.serviceability.Serviceability;

/**
 * The cluster's AUTHZ keys on this node. The publisher generates them (at first start and on
 * {@code set key regen authz signing|encryption}) and is their only source; every other node
 * stores the copy the publisher distributes ({@link #apply}), never an older one.
 */
@ApplicationScoped
public class AuthzKeys {
    private static final Logger LOG = Logger.getLogger(AuthzKeys.class);
    /** Seed 002: "Restart the Cisco CallManager Service on all nodes in the cluster after the keys are reassigned." */
    static final String RESTART_REASON = "AUTHZ %s key regenerated on the publisher (seed 002: restart Cisco CallManager on all nodes)";

    private final Node node;
    private final Clock clock;
    private final Serviceability serviceability;
    private final KeyVault vault;
    private final SecureRandom random;

    @Inject
    public AuthzKeys(Node node, NodeConfig config, Clock clock, Serviceability serviceability) {
        this.node = node;
        this.clock = clock;
        this.serviceability = serviceability;
        this.random = new SecureRandom();
        this.vault = new KeyVault(config.keyEncryptionKey(), random);
    }

    public boolean isPublisher() {
        return node.role() == NodeRole.PUBLISHER;
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

    /** The keys this node holds, if any (a non-publisher before its first distribution has none). */
    @Transactional
    public Optional<AuthzKeySet> current() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = rows();
        AuthzKeyRow s = rows.get(AuthzKeyPurpose.SIGNING);
        AuthzKeyRow e = rows.get(AuthzKeyPurpose.ENCRYPTION);
        if (s == null || e == null) {
            return Optional.empty();
        }
        var signing = new AuthzKeySet.Signing(s.keyId, s.version, s.generatedAt, publicKey(s.publicKey),
                Optional.ofNullable(s.sealedKey).map(k -> vault.open(k, AuthzKeyPurpose.SIGNING.sealContext(s.keyId), "RSA")));
        byte[] raw = vault.openBytes(e.sealedKey, AuthzKeyPurpose.ENCRYPTION.sealContext(e.keyId));
        try {
            return Optional.of(new AuthzKeySet(signing,
                    new AuthzKeySet.Encryption(e.keyId, e.version, e.generatedAt, new SecretKeySpec(raw, "AES"))));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Publisher, first start: generate whichever key does not exist yet. */
    @Transactional
    public void ensureGenerated() {
        if (!isPublisher()) {
            return;
        }
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = rows();
        for (AuthzKeyPurpose purpose : AuthzKeyPurpose.values()) {
            if (!rows.containsKey(purpose)) {
                AuthzKeyRow row = new AuthzKeyRow();
                row.purpose = purpose;
                row.version = 0;
                fill(row);
                row.persist();
                LOG.infof("generated the AUTHZ %s key %s", purpose.id, row.keyId);
            }
        }
    }

    /** {@code set key regen authz signing|encryption}: on the publisher only. */
    @Transactional
    public AuthzKeyRow regenerate(AuthzKeyPurpose purpose) {
        requirePublisher("AUTHZ keys are regenerated on the publisher");
        ensureGenerated();
        AuthzKeyRow row = AuthzKeyRow.findById(purpose, LockModeType.PESSIMISTIC_WRITE);
        fill(row);
        serviceability.requireRestart(List.of(CiscoService.CALLMANAGER), RESTART_REASON.formatted(purpose.id));
        LOG.infof("regenerated the AUTHZ %s key: now %s (version %d)", purpose.id, row.keyId, row.version);
        return row;
    }

    /** What the publisher hands to its peers: never the private signing key. */
    @Transactional
    public Distribution distribution(KeyTransport transport) {
        requirePublisher("AUTHZ keys are distributed by the publisher");
        ensureGenerated();
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = rows();
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
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = lockedRows();
        AuthzKeyRow s = rows.get(AuthzKeyPurpose.SIGNING);
        AuthzKeyRow e = rows.get(AuthzKeyPurpose.ENCRYPTION);
        Outcome signing = compare(s, distribution.signing().keyId(), distribution.signing().version());
        Outcome encryption = compare(e, distribution.encryption().keyId(), distribution.encryption().version());
        if (isPublisher()) {
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
            publicKey(publicKey);
            raw = transport.unwrap(Base64.getDecoder().decode(distribution.encryption().wrappedKey()),
                    AuthzKeyPurpose.ENCRYPTION.sealContext(distribution.encryption().keyId()));
        } catch (IllegalArgumentException bad) {
            throw new DomainProblem(ProblemType.INVALID_AUTHZ_DISTRIBUTION, "The AUTHZ key distribution cannot be read: "
                    + bad.getMessage());
        }
        try {
            if (signing == Outcome.UPDATED) {
                s = s != null ? s : newRow(AuthzKeyPurpose.SIGNING);
                s.keyId = distribution.signing().keyId();
                s.version = distribution.signing().version();
                s.generatedAt = distribution.signing().generatedAt();
                s.algorithm = AuthzKeyPurpose.SIGNING.algorithm;
                s.publicKey = publicKey;
                s.sealedKey = null; // verification needs only the public key
                s.persist();
            }
            if (encryption == Outcome.UPDATED) {
                e = e != null ? e : newRow(AuthzKeyPurpose.ENCRYPTION);
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
                serviceability.requireRestart(List.of(CiscoService.CALLMANAGER), RESTART_REASON.formatted(
                        signing == Outcome.UPDATED && encryption == Outcome.UPDATED ? "signing and encryption"
                                : signing == Outcome.UPDATED ? "signing" : "encryption"));
            }
            LOG.infof("AUTHZ keys from the publisher %s: signing %s (%s), encryption %s (%s)", distribution.publisher(),
                    distribution.signing().keyId(), signing, distribution.encryption().keyId(), encryption);
        }
        return applied;
    }

    // ------------------------------------------------------------------------------------------

    private void requirePublisher(String what) {
        if (!isPublisher()) {
            throw new DomainProblem(ProblemType.AUTHZ_PUBLISHER_ONLY, what + "; this node (" + node.fqdn() + ") is "
                    + article(node.role().configName) + " node. Send the request to the publisher.");
        }
    }

    private static String article(String role) {
        return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
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

    private void fill(AuthzKeyRow row) {
        AuthzKeyPurpose purpose = row.purpose;
        row.version = row.version + 1;
        row.algorithm = purpose.algorithm;
        row.generatedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            if (purpose == AuthzKeyPurpose.SIGNING) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(purpose.keySize, random);
                KeyPair pair = generator.generateKeyPair();
                row.publicKey = pair.getPublic().getEncoded();
                // Key id: the key's own thumbprint (SHA-256 of its SubjectPublicKeyInfo), shortened.
                row.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(row.publicKey), 0, 10);
                row.sealedKey = vault.seal(pair.getPrivate(), purpose.sealContext(row.keyId));
            } else {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(purpose.keySize, random);
                SecretKey key = generator.generateKey();
                byte[] id = new byte[10];
                random.nextBytes(id);
                row.keyId = HexFormat.of().formatHex(id);
                row.publicKey = null;
                byte[] raw = key.getEncoded();
                try {
                    row.sealedKey = vault.sealBytes(raw, purpose.sealContext(row.keyId));
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the AUTHZ " + purpose.id + " key", e);
        }
    }

    private static AuthzKeyRow newRow(AuthzKeyPurpose purpose) {
        AuthzKeyRow row = new AuthzKeyRow();
        row.purpose = purpose;
        return row;
    }

    private static Map<AuthzKeyPurpose, AuthzKeyRow> rows() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = new EnumMap<>(AuthzKeyPurpose.class);
        AuthzKeyRow.<AuthzKeyRow>listAll().forEach(r -> rows.put(r.purpose, r));
        return rows;
    }

    private static Map<AuthzKeyPurpose, AuthzKeyRow> lockedRows() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = new EnumMap<>(AuthzKeyPurpose.class);
        for (AuthzKeyPurpose purpose : AuthzKeyPurpose.values()) {
            AuthzKeyRow row = AuthzKeyRow.findById(purpose, LockModeType.PESSIMISTIC_WRITE);
            if (row != null) {
                rows.put(purpose, row);
            }
        }
        return rows;
    }

    static PublicKey publicKey(byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            if (((RSAPublicKey) key).getModulus().bitLength() < 2048) {
                throw new DomainProblem(ProblemType.INVALID_AUTHZ_DISTRIBUTION, "The AUTHZ signing key must be RSA 2048 or larger.");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DomainProblem(ProblemType.INVALID_AUTHZ_DISTRIBUTION,
                    "The AUTHZ signing key is not an RSA public key (base64 of X.509 SubjectPublicKeyInfo).");
        }
    }
}
