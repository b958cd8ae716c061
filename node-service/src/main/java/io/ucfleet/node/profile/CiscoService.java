package io.ucfleet.node.profile;

/**
 * The simulated services of a node, by the names Cisco Unified Serviceability shows.
 * Which of them a node runs is {@link NodeRole} data; which of them a certificate change
 * affects is {@link IdentityProfile} data.
 */
public enum CiscoService {
    TOMCAT("Cisco Tomcat"),
    CALLMANAGER("Cisco CallManager"),
    CTIMANAGER("Cisco CTIManager"),
    TFTP("Cisco TFTP"),
    INTERCLUSTER_SYNC_AGENT("Cisco Intercluster Sync Agent"),
    CAPF("Cisco Certificate Authority Proxy Function"),
    TVS("Cisco Trust Verification Service"),
    DRF_MASTER("Cisco DRF Master"),
    DRF_LOCAL("Cisco DRF Local"),
    PRESENCE_ENGINE("Cisco Presence Engine"),
    SIP_PROXY("Cisco SIP Proxy"),
    XCP_ROUTER("Cisco XCP Router"),
    XCP_FEDERATION("Cisco XCP XMPP Federation Connection Manager"),
    CONVERSATION_MANAGER("Connection Conversation Manager"),
    EXPRESSWAY_SERVICES("Expressway TLS services");

    public final String displayName;

    CiscoService(String displayName) {
        this.displayName = displayName;
    }

    /** URL-friendly id, e.g. {@code cisco-tomcat}. */
    public String id() {
        return displayName.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    public static java.util.Optional<CiscoService> byId(String id) {
        for (CiscoService s : values()) {
            if (s.id().equalsIgnoreCase(id) || s.displayName.equalsIgnoreCase(id)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
