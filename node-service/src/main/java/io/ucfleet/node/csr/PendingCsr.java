package io.ucfleet.node.csr;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The pending CSR of a unit and its sealed private key (never leaves this process unsealed). */
@Entity
@Table(name = "pending_csr")
public class PendingCsr extends PanacheEntityBase {
    @Id
    public String unit;
    @Column(name = "csr_der")
    public byte[] csrDer;
    public String algorithm;
    @Column(name = "sealed_key")
    public byte[] sealedKey;
    @Enumerated(EnumType.STRING)
    public Distribution distribution;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<PendingCsr> findByUnit(String unit) {
        return findByIdOptional(unit);
    }

    /** The associated data the key is sealed with: distinct from the identity key of the same unit. */
    public static String sealingContext(String unit) {
        return "csr/" + unit;
    }

    @Override
    public String toString() {
        return "PendingCsr[" + unit + ", sealed]";
    }
}
