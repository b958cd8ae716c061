package io.ucfleet.ctl.cluster;

import java.util.Map;
import java.util.Optional;

import io.ucfleet.platform.trustlist.CertificateFields;

/** A cluster member as ctl-service sees it: who it is and its CTL-relevant identity certificates by unit. */
public record NodeView(String baseUrl, String hostname, String fqdn, String ip, String role,
        Map<String, CertificateFields> identities) {
    public static final String PUBLISHER = "publisher";
    public static final String SUBSCRIBER = "subscriber";

    /** Unified CM nodes run CallManager and TFTP; IM and Presence and others are not in CTL or ITL. */
    public boolean isCucm() {
        return PUBLISHER.equals(role) || SUBSCRIBER.equals(role);
    }

    public boolean isPublisher() {
        return PUBLISHER.equals(role);
    }

    public Optional<CertificateFields> identity(String unit) {
        return Optional.ofNullable(identities.get(unit));
    }
}
