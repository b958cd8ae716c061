package io.ucfleet.node.identity;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.bouncycastle.cert.X509CertificateHolder;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The node's temporary CA (seed 004, X8.1+): its certificate and its key, sealed as identity keys
 * are. One row; the key never leaves this process unsealed.
 */
@Entity
@Table(name = "temporary_ca")
public class TemporaryCa extends PanacheEntityBase {
    static final short ONLY = 1;
    /** The vault's associated data for the key: a row copied elsewhere does not decrypt. */
    static final String SEALING_CONTEXT = "temporary-ca";

    @Id
    public short id = ONLY;
    public byte[] der;
    public String sha256;
    public String algorithm;
    @Column(name = "sealed_key")
    public byte[] sealedKey;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<TemporaryCa> find() {
        return findByIdOptional(ONLY);
    }

    public X509CertificateHolder holder() {
        try {
            return new X509CertificateHolder(der);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the stored temporary CA does not decode", e);
        }
    }

    @Override
    public String toString() {
        return "TemporaryCa[" + sha256 + ", sealed]";
    }
}
