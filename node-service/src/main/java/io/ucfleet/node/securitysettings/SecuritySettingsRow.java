package io.ucfleet.node.securitysettings;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The saved XMPP Certificate Settings; the only row has id 1. */
@Entity
@Table(name = "security_settings")
public class SecuritySettingsRow extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    @Column(name = "use_domain_for_xmpp_san")
    public boolean useDomainForXmppSan;
    @Column(name = "xmpp_s2s_san_domain")
    public String xmppServerToServerSanDomain;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
