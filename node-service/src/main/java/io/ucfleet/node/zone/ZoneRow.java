package io.ucfleet.node.zone;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A SIP TLS zone and the state of its last check. */
@Entity
@Table(name = "sip_zone")
public class ZoneRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Enumerated(EnumType.STRING)
    public ZoneType type;
    @Column(name = "peer_address")
    public String peerAddress;
    public int port;
    @Column(name = "tls_verify")
    public boolean tlsVerify;
    public long generation;
    @Enumerated(EnumType.STRING)
    public ZoneStatus.State state;
    public String reason;
    public String detail;
    @Column(name = "peer_certificate")
    public String peerCertificate;
    @Column(name = "checked_at")
    public Instant checkedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static Optional<ZoneRow> byName(String name) {
        if (name == null || name.indexOf('\0') >= 0) {
            return Optional.empty(); // PostgreSQL text holds no NUL, so no zone has this name (asking would be a 500)
        }
        return find("name", name).firstResultOptional();
    }

    ZoneSpec spec() {
        return new ZoneSpec(name, type, peerAddress, port, tlsVerify);
    }

    ZoneStatus status() {
        return new ZoneStatus(state, reason == null ? null : ZoneFailure.byId(reason).orElse(null), detail, peerCertificate,
                checkedAt);
    }
}
