package io.ucfleet.node.expressway;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The saved {@link UcNames}: one row, lists one name a line. */
@Entity
@Table(name = "uc_names")
public class UcNamesRow extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id = ONLY;
    @Column(name = "chat_node_aliases")
    public String chatNodeAliases;
    @Column(name = "phone_security_profiles")
    public String phoneSecurityProfiles;
    @Column(name = "uc_domains")
    public String ucDomains;
    @Column(name = "xmpp_federation")
    public boolean xmppFederation;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static Optional<UcNamesRow> find() {
        return findByIdOptional(ONLY);
    }
}
