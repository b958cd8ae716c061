package io.ucfleet.node.crl;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The saved SIP certificate revocation checking settings; the only row has id 1. */
@Entity
@Table(name = "sip_revocation_settings")
public class SipRevocationSettingsRow extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    @Column(name = "checking_enabled")
    public boolean checkingEnabled;
    @Column(name = "use_ocsp")
    public boolean useOcsp;
    @Column(name = "use_crls")
    public boolean useCrls;
    @Column(name = "allow_cdp_downloads")
    public boolean allowCdpDownloads;
    @Column(name = "fallback_revoked")
    public boolean fallbackRevoked;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
