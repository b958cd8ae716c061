package io.ucfleet.node.inventory;

import java.time.Instant;
import java.util.List;
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
