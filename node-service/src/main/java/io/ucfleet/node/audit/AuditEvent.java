package io.ucfleet.node.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of the audit log. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "client_address")
    public String clientAddress;
    @Column(name = "interface")
    public String via;
    @Column(name = "event_type")
    public String eventType;
    public String resource;
    public String status;
    public String detail;
    /** The chain ({@link AuditChain}): the predecessor's hash and this entry's; null before V16. */
    @Column(name = "prev_hash")
    public String prevHash;
    @Column(name = "entry_hash")
    public String entryHash;
    /** A change's own entry ({@link ChangeTrail}, V17): what changed, before and after, the peer it came from; else null. */
    public String subject;
    @Column(name = "value_before")
    public String before;
    @Column(name = "value_after")
    public String after;
    public String origin;
}
