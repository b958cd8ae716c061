package io.ucfleet.node.identity;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.platform.replication.WebRotation;

/**
 * The chain of the web identity's replacements, each signed with the replaced certificate's key
 * ({@link WebRotation}): what lets cluster-sync, which pins the certificate a node presented
 * first, follow a regeneration or CA-signed install it did not see announced (it was away, and
 * Cisco Tomcat restarted meanwhile). Public material, served to anyone at
 * {@code /.well-known/ucfleet/web-certificate-rotations}.
 */
@ApplicationScoped
public class WebRotations {
    /** Enough for any client that was away for a while; an older pin is forgotten by an administrator. */
    static final int KEPT = 32;

    @Inject
    Node node;
    @Inject
    Clock clock;

    @Entity
    @Table(name = "web_certificate_rotation")
    public static class Row extends PanacheEntityBase {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        public Long id;
        public String unit;
        @Column(name = "previous_sha256")
        public String previousSha256;
        public String sha256;
        public byte[] der;
        @Column(name = "signature_algorithm")
        public String signatureAlgorithm;
        public byte[] signature;
        @Column(name = "created_at")
        public Instant createdAt;

        WebRotation record() {
            return new WebRotation(unit, previousSha256, sha256, der, signatureAlgorithm, signature, createdAt);
        }
    }

    /**
     * Records, in the install's transaction, that {@code installed} replaces {@code previous}
     * (whose key is {@code previousKey}) as {@code profile}'s certificate; only the web identity's
     * replacements are recorded, since only it is presented on HTTPS.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaced(IdentityProfile profile, CertificateEntry previous, SigningKey previousKey, CertificateEntry installed) {
        if (profile != node.role().webIdentity || previous.sha256.equals(installed.sha256)) {
            return;
        }
        Row row = new Row();
        row.unit = profile.unit;
        row.previousSha256 = previous.sha256;
        row.sha256 = installed.sha256;
        row.der = installed.der;
        row.signatureAlgorithm = WebRotation.algorithmFor(previousKey.algorithm());
        try {
            row.signature = previousKey.sign(row.signatureAlgorithm, WebRotation.signed(row.unit, row.previousSha256, row.sha256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the " + profile.unit + " rotation with the replaced key", e);
        }
        row.createdAt = clock.instant();
        row.persist();
        List<Row> kept = Row.find("unit = ?1 order by id desc", profile.unit).page(0, KEPT).list();
        Row.delete("unit = ?1 and id < ?2", profile.unit, kept.get(kept.size() - 1).id);
    }

    /** The chain, oldest first. */
    @Transactional
    public List<WebRotation> chain() {
        return Row.<Row>find("order by id").list().stream().map(Row::record).toList();
    }
}
