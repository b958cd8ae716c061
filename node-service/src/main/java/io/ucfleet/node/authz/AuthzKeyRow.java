package io.ucfleet.node.authz;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
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

    @Override
    public String toString() {
        return "AuthzKeyRow[" + purpose + ", " + keyId + " v" + version + ", sealed]";
    }
}
