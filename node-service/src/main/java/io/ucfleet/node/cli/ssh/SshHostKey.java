package io.ucfleet.node.cli.ssh;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The node's SSH host key: public key in the clear, private key sealed (never leaves this process unsealed). */
@Entity
@Table(name = "ssh_host_key")
public class SshHostKey extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    public String algorithm;
    @Column(name = "public_key")
    public byte[] publicKey;
    @Column(name = "sealed_key")
    public byte[] sealedKey;
    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public String toString() {
        return "SshHostKey[" + algorithm + ", sealed]";
    }
}
