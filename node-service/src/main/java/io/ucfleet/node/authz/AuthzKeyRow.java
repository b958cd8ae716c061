package io.ucfleet.node.authz;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One AUTHZ key as stored: secret parts sealed under the node's key-encryption key. */
@Entity
@Table(name = "authz_key")
public class AuthzKeyRow extends PanacheEntityBase {
    @Id
    @Enumerated(EnumType.STRING)
    public AuthzKeyPurpose purpose;
    @Column(name = "key_id")
    public String keyId;
    public long version;
    public String algorithm;
    @Column(name = "public_key")
    public byte[] publicKey;
    @Column(name = "sealed_key")
    public byte[] sealedKey;
    @Column(name = "generated_at")
    public Instant generatedAt;

    static AuthzKeyRow of(AuthzKeyPurpose purpose) {
        AuthzKeyRow row = new AuthzKeyRow();
        row.purpose = purpose;
        return row;
    }

    /** The keys this node stores, by purpose. */
    static Map<AuthzKeyPurpose, AuthzKeyRow> all() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = new EnumMap<>(AuthzKeyPurpose.class);
        AuthzKeyRow.<AuthzKeyRow>listAll().forEach(r -> rows.put(r.purpose, r));
        return rows;
    }

    /** As {@link #all}, each row locked for the caller's transaction (a copy being applied). */
    static Map<AuthzKeyPurpose, AuthzKeyRow> allLocked() {
        Map<AuthzKeyPurpose, AuthzKeyRow> rows = new EnumMap<>(AuthzKeyPurpose.class);
        for (AuthzKeyPurpose purpose : AuthzKeyPurpose.values()) {
            AuthzKeyRow row = findById(purpose, LockModeType.PESSIMISTIC_WRITE);
            if (row != null) {
                rows.put(purpose, row);
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "AuthzKeyRow[" + purpose + ", " + keyId + " v" + version + ", sealed]";
    }
}
