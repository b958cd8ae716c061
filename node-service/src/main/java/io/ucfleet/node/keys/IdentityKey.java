package io.ucfleet.node.keys;

import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The sealed private key of one identity unit. Never leaves this process unsealed. */
@Entity
@Table(name = "identity_key")
public class IdentityKey extends PanacheEntityBase {
    @Id
    public String unit;
    @Column(name = "certificate_id")
    public Long certificateId;
    public String algorithm;
    @Column(name = "sealed_key")
    public byte[] sealedKey;
    /** The key came from an uploaded file without a trailing newline (seed 004: MRA services fail). */
    @Column(name = "key_file_without_trailing_newline")
    public boolean keyFileWithoutTrailingNewline;

    public static Optional<IdentityKey> findByUnit(String unit) {
        return findByIdOptional(unit);
    }

    @Override
    public String toString() {
        return "IdentityKey[" + unit + ", sealed]";
    }
}
