package io.ucfleet.node.authz;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.keys.KeyGeneration;
import io.ucfleet.node.keys.KeyVault;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.serviceability.Serviceability;

/**
 * The cluster's AUTHZ keys on this node: the publisher generates them (at first start and on
 * {@code set key regen authz signing|encryption}) and is their only source; every node reads
 * the ones it holds here. The copies that travel are {@link AuthzKeyCopies}.
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
    private final io.ucfleet.node.audit.ChangeTrail trail;

    @Inject
    public AuthzKeys(Node node, NodeConfig config, Clock clock, Serviceability serviceability,
            io.ucfleet.node.audit.ChangeTrail trail) {
        this.node = node;
        this.trail = trail;
        this.clock = clock;
        this.serviceability = serviceability;
        this.random = new SecureRandom();
        this.vault = new KeyVault(config.keyEncryptionKey(), random);
    }

    /** The vault the keys are sealed in, for the copies that travel (one vault per node's key-encryption key). */
    KeyVault vault() {
        return vault;
    }

    public boolean isPublisher() {
        return node.role() == NodeRole.PUBLISHER;
    }

    /** The keys this node holds, if any (a non-publisher before its first distribution has none). */
    @Transactional
    public Optional<AuthzKeySet> current() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = AuthzKeyRow.all();
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
        // One generation at a time: a peer's pull (AuthzKeyCopies) can race a reset's first start.
        // The rows are read after the lock, by a statement that sees what the other committed.
        AuthzKeyRow.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('ucfleet.authz_key'))")
                .getSingleResult();
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = AuthzKeyRow.all();
        for (AuthzKeyPurpose purpose : AuthzKeyPurpose.values()) {
            if (!rows.containsKey(purpose)) {
                AuthzKeyRow row = AuthzKeyRow.of(purpose);
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
        String before = row.keyId;
        fill(row);
        trail.changed("authz-regenerate", "AUTHZ " + purpose.id + " key", before, row.keyId);
        serviceability.requireRestart(List.of(CiscoService.CALLMANAGER), RESTART_REASON.formatted(purpose.id));
        LOG.infof("regenerated the AUTHZ %s key: now %s (version %d)", purpose.id, row.keyId, row.version);
        return row;
    }

    // ------------------------------------------------------------------------------------------

    /** 409 authz-publisher-only, saying {@code what} and which role this node has, unless this is the publisher. */
    public void requirePublisher(String what) {
        if (!isPublisher()) {
            throw new DomainProblem(ProblemType.AUTHZ_PUBLISHER_ONLY, what + "; this node (" + node.fqdn() + ") is "
                    + article(node.role().configName) + " node. Send the request to the publisher.");
        }
    }

    private static String article(String role) {
        return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
    }

    private void fill(AuthzKeyRow row) {
        AuthzKeyPurpose purpose = row.purpose;
        row.version = row.version + 1;
        row.algorithm = purpose.algorithm;
        row.generatedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            if (purpose == AuthzKeyPurpose.SIGNING) {
                SigningKeyPair pair = KeyGeneration.generate(KeyAlgorithm.RSA, purpose.keySize, random);
                row.publicKey = pair.publicKey().getEncoded();
                // Key id: the key's own thumbprint (SHA-256 of its SubjectPublicKeyInfo), shortened.
                row.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(row.publicKey), 0, 10);
                row.sealedKey = vault.seal(pair.privateKey(), purpose.sealContext(row.keyId));
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
