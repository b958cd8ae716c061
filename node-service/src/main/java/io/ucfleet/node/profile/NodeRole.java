package io.ucfleet.node.profile;

import static io.ucfleet.node.profile.IdentityProfile.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a node of each role holds: its identity units, trust stores and services
 * ({@code certificates.md}, "Node roles"). Validated by {@link #inconsistencies()} at boot.
 */
public enum NodeRole {
    PUBLISHER("publisher", "Unified CM publisher",
            List.of(TOMCAT, TOMCAT_ECDSA, CALLMANAGER, CALLMANAGER_ECDSA, CAPF, TVS, IPSEC, ITLRECOVERY),
            Stores.CUCM,
            List.of(CiscoService.TOMCAT, CiscoService.CALLMANAGER, CiscoService.CTIMANAGER, CiscoService.TFTP,
                    CiscoService.INTERCLUSTER_SYNC_AGENT, CiscoService.CAPF, CiscoService.TVS,
                    CiscoService.DRF_MASTER, CiscoService.DRF_LOCAL),
            TOMCAT, CiscoService.TOMCAT, CertificatePolicy.UNIFIED_CM),
    SUBSCRIBER("subscriber", "Unified CM subscriber",
            List.of(TOMCAT, TOMCAT_ECDSA, CALLMANAGER, CALLMANAGER_ECDSA, TVS, IPSEC),
            Stores.CUCM,
            List.of(CiscoService.TOMCAT, CiscoService.CALLMANAGER, CiscoService.CTIMANAGER, CiscoService.TFTP,
                    CiscoService.INTERCLUSTER_SYNC_AGENT, CiscoService.TVS, CiscoService.DRF_LOCAL),
            TOMCAT, CiscoService.TOMCAT, CertificatePolicy.UNIFIED_CM),
    IM_AND_PRESENCE("im-and-presence", "IM and Presence",
            List.of(TOMCAT, TOMCAT_ECDSA, CUP, CUP_ECDSA, CUP_XMPP, CUP_XMPP_ECDSA, CUP_XMPP_S2S,
                    CUP_XMPP_S2S_ECDSA, IPSEC),
            List.of("tomcat-trust", "ipsec-trust", "cup-trust", "cup-xmpp-trust"),
            List.of(CiscoService.TOMCAT, CiscoService.INTERCLUSTER_SYNC_AGENT, CiscoService.PRESENCE_ENGINE,
                    CiscoService.SIP_PROXY, CiscoService.XCP_ROUTER, CiscoService.XCP_FEDERATION,
                    CiscoService.DRF_LOCAL),
            TOMCAT, CiscoService.TOMCAT, CertificatePolicy.UNIFIED_CM),
    UNITY_CONNECTION("unity-connection", "Unity Connection",
            List.of(TOMCAT),
            List.of("tomcat-trust"),
            List.of(CiscoService.TOMCAT, CiscoService.CONVERSATION_MANAGER),
            TOMCAT, CiscoService.TOMCAT, CertificatePolicy.UNIFIED_CM),
    /** Inside the firewall: Mobile and Remote Access towards Unified CM and IM and Presence (seed 004). */
    EXPRESSWAY_C("expressway-c", "Expressway-C",
            List.of(EXPRESSWAY_SERVER),
            List.of("trusted-ca-list"),
            List.of(CiscoService.EXPRESSWAY_SERVICES),
            EXPRESSWAY_SERVER, CiscoService.EXPRESSWAY_SERVICES, CertificatePolicy.EXPRESSWAY),
    /** In the DMZ: the traversal server clients reach from the internet (seed 004). */
    EXPRESSWAY_E("expressway-e", "Expressway-E",
            List.of(EXPRESSWAY_SERVER),
            List.of("trusted-ca-list"),
            List.of(CiscoService.EXPRESSWAY_SERVICES),
            EXPRESSWAY_SERVER, CiscoService.EXPRESSWAY_SERVICES, CertificatePolicy.EXPRESSWAY);

    private static final class Stores {
        /** Seed 002, "Server Certificate Types": the CUCM trust stores. */
        static final List<String> CUCM = List.of("tomcat-trust", "CallManager-trust", "ipsec-trust", "CAPF-trust",
                "Userlicensing-trust", "TVS-trust", "Phone-SAST-trust", "Phone-CTL-trust");
    }

    /** Configuration value, e.g. {@code im-and-presence}. */
    public final String configName;
    public final String displayName;
    public final List<IdentityProfile> identities;
    public final List<String> trustStores;
    public final List<CiscoService> services;
    /** The identity presented on the node's HTTPS port. */
    public final IdentityProfile webIdentity;
    /** The service whose restart makes HTTPS present a new {@link #webIdentity}. */
    public final CiscoService webService;
    /** Where its certificate rules differ from Unified CM's. */
    public final CertificatePolicy policy;

    NodeRole(String configName, String displayName, List<IdentityProfile> identities, List<String> trustStores,
            List<CiscoService> services, IdentityProfile webIdentity, CiscoService webService, CertificatePolicy policy) {
        this.configName = configName;
        this.displayName = displayName;
        this.identities = identities;
        this.trustStores = trustStores;
        this.services = services;
        this.webIdentity = webIdentity;
        this.webService = webService;
        this.policy = policy;
    }

    public boolean isExpressway() {
        return policy == CertificatePolicy.EXPRESSWAY;
    }

    public Optional<IdentityProfile> identity(String unit) {
        return identities.stream().filter(p -> p.unit.equals(unit)).findFirst();
    }

    public boolean hasTrustStore(String store) {
        return trustStores.contains(store);
    }

    /** Table 4's services for a unit, limited to the ones this node runs. */
    public List<CiscoService> restartsFor(IdentityProfile profile) {
        return profile.restartServices.stream().filter(services::contains).toList();
    }

    /**
     * Services that read a trust store only when they start, in the order to restart them.
     * Seed 002's tomcat-trust troubleshooting ends with "restart Cisco Tomcat" after certificates
     * change; seed 003, after the Exchange root goes into cup-trust: "restart the Presence Engine
     * first followed by the Proxy". Other stores: our choice, none.
     */
    private static final Map<String, List<CiscoService>> RESTART_AFTER_TRUST_CHANGE = Map.of(
            "tomcat-trust", List.of(CiscoService.TOMCAT),
            "cup-trust", List.of(CiscoService.PRESENCE_ENGINE, CiscoService.SIP_PROXY));

    /** Of the services that must restart after {@code store} changes, those this node runs, in restart order. */
    public List<CiscoService> restartsAfterTrustChange(String store) {
        return RESTART_AFTER_TRUST_CHANGE.getOrDefault(store, List.of()).stream().filter(services::contains).toList();
    }

    /** The restart reason a change of the store records; names the order when it matters. */
    public String trustChangeReason(String store) {
        List<CiscoService> restarts = restartsAfterTrustChange(store);
        return store + " changed" + (restarts.size() < 2 ? ""
                : " (restart " + String.join(" first, then ", restarts.stream().map(s -> s.displayName).toList()) + ")");
    }

    /** Broken cross-references in this table; empty when consistent. */
    public List<String> inconsistencies() {
        List<String> problems = new ArrayList<>();
        for (IdentityProfile p : identities) {
            p.trustStore().filter(s -> !trustStores.contains(s)).ifPresent(s ->
                    problems.add(configName + ": " + p.unit + " belongs in " + s + ", which the role does not have"));
        }
        if (!identities.contains(webIdentity)) {
            problems.add(configName + ": web identity " + webIdentity.unit + " is not one of its identities");
        }
        if (!services.contains(webService)) {
            problems.add(configName + ": web service " + webService.displayName + " is not one of its services");
        }
        return problems;
    }

    public static Optional<NodeRole> byConfigName(String name) {
        return Arrays.stream(values()).filter(r -> r.configName.equalsIgnoreCase(name)).findFirst();
    }
}
