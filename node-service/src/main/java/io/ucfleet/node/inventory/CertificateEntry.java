package io.ucfleet.node.inventory;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.bouncycastle.cert.X509CertificateHolder;
import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.ucfleet.node.x509.CertificateFacts;

/**
 * One certificate in one unit of this node: an identity (unit {@code tomcat}, ...) or a trust
 * entry (unit {@code tomcat-trust}, ...). The searchable facts are columns; everything else
 * is decoded from {@link #der} when shown.
 */
@Entity
@Table(name = "certificate")
public class CertificateEntry extends PanacheEntityBase {
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String unit;
    @Enumerated(EnumType.STRING)
    public Usage usage;
    @Enumerated(EnumType.STRING)
    public CertificateType type;
    public String description;
    public byte[] der;
    public String sha256;
    public String sha1;
    @Column(name = "common_name")
    public String commonName;
    public String subject;
    public String issuer;
    @Column(name = "issuer_common_name")
    public String issuerCommonName;
    @Column(name = "serial_number")
    public String serialNumber;
    @Column(name = "not_before")
    public Instant notBefore;
    @Column(name = "not_after")
    public Instant notAfter;
    @Column(name = "key_type")
    public String keyType;
    @Column(name = "key_size")
    public int keySize;
    @Column(name = "created_at")
    public Instant createdAt;

    public static CertificateEntry of(String unit, Usage usage, CertificateType type, String description,
            X509CertificateHolder certificate, Instant now) {
        return of(unit, usage, type, description, certificate, CertificateFacts.of(certificate), now);
    }

    public static CertificateEntry of(String unit, Usage usage, CertificateType type, String description,
            X509CertificateHolder certificate, CertificateFacts facts, Instant now) {
        CertificateEntry entry = new CertificateEntry();
        entry.unit = unit;
        entry.usage = usage;
        entry.type = type;
        entry.description = description;
        entry.der = CertificateFacts.encoded(certificate);
        entry.sha256 = facts.sha256();
        entry.sha1 = facts.sha1();
        entry.commonName = listed(facts.commonName());
        entry.subject = facts.subject();
        entry.issuer = facts.issuer();
        entry.issuerCommonName = facts.issuerCommonName();
        entry.serialNumber = facts.serialNumber();
        entry.notBefore = facts.notBefore();
        entry.notAfter = facts.notAfter();
        entry.keyType = facts.keyType();
        entry.keySize = facts.keySize();
        entry.createdAt = now;
        return entry;
    }

    /**
     * Inserts new entries in one JDBC batch on the transaction's connection (a peer's apply
     * batch): a persist per entry would be a round trip each, for an identity key the caller
     * never reads. The entries are not managed afterwards and their ids stay null.
     */
    public static void insertAll(Collection<CertificateEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into certificate (unit, usage, type, description,"
                    + " der, sha256, sha1, common_name, subject, issuer, issuer_common_name, serial_number, not_before,"
                    + " not_after, key_type, key_size, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (CertificateEntry e : entries) {
                    insert.setString(1, e.unit);
                    insert.setString(2, e.usage.name());
                    insert.setString(3, e.type.name());
                    insert.setString(4, e.description);
                    insert.setBytes(5, e.der);
                    insert.setString(6, e.sha256);
                    insert.setString(7, e.sha1);
                    insert.setString(8, e.commonName);
                    insert.setString(9, e.subject);
                    insert.setString(10, e.issuer);
                    insert.setString(11, e.issuerCommonName);
                    insert.setString(12, e.serialNumber);
                    insert.setObject(13, e.notBefore.atOffset(ZoneOffset.UTC));
                    insert.setObject(14, e.notAfter.atOffset(ZoneOffset.UTC));
                    insert.setString(15, e.keyType);
                    insert.setInt(16, e.keySize);
                    insert.setObject(17, e.createdAt.atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Deletes the entries of units by fingerprint (pairs of unit and SHA-256) in one JDBC batch, as {@link #insertAll}. */
    public static void deleteAll(Collection<Map.Entry<String, String>> unitsAndSha256s) {
        if (unitsAndSha256s.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from certificate where unit = ? and sha256 = ?")) {
                for (Map.Entry<String, String> key : unitsAndSha256s) {
                    delete.setString(1, key.getKey());
                    delete.setString(2, key.getValue());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
    }

    /** The list shows at most this much of a CN (RFC 5280 allows 64); details show the whole subject. */
    static final int LISTED_NAME_LENGTH = 600;

    static String listed(String name) {
        return name.length() <= LISTED_NAME_LENGTH ? name : name.substring(0, LISTED_NAME_LENGTH - 1) + "\u2026";
    }

    public X509CertificateHolder holder() {
        try {
            return new X509CertificateHolder(der);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored certificate " + unit + "/" + sha256 + " does not decode", e);
        }
    }

    public boolean expiredAt(Instant now) {
        return CertificateFacts.expired(notAfter, now);
    }

    public static Optional<CertificateEntry> findByUnitAndSha256(String unit, String sha256) {
        // A path's fingerprint or store may hold anything, a NUL too, which PostgreSQL text refuses:
        // what is not 64 hex digits names no certificate, and never reaches the database.
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches() || unit == null || unit.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return find("unit = ?1 and sha256 = ?2", unit, sha256).firstResultOptional();
    }

    /** The entries of a unit with any of the given fingerprints: one query for a whole upload. */
    public static List<CertificateEntry> findByUnitAndSha256In(String unit, java.util.Collection<String> sha256s) {
        return sha256s.isEmpty() ? List.of() : list("unit = ?1 and sha256 in ?2", unit, sha256s);
    }

    public static Optional<CertificateEntry> findIdentity(String unit) {
        return find("unit = ?1 and usage = ?2", unit, Usage.IDENTITY).firstResultOptional();
    }

    /** Candidates for "who issued this": certificates of a unit whose subject is the given issuer name. */
    public static List<CertificateEntry> findByUnitAndSubject(String unit, String subject) {
        return list("unit = ?1 and subject = ?2", unit, subject);
    }

    /** The certificates of a unit with any of the given subjects: one query for a whole upload's same-name rule. */
    public static List<CertificateEntry> findByUnitAndSubjectIn(String unit, java.util.Collection<String> subjects) {
        return subjects.isEmpty() ? List.of() : list("unit = ?1 and subject in ?2", unit, subjects);
    }

    /** Everything on this node that names {@code issuer} as its issuer. */
    public static List<CertificateEntry> findByIssuer(String issuer) {
        return list("issuer = ?1", issuer);
    }
}
