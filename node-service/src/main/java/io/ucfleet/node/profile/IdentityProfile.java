package io.ucfleet.node.profile;

import static io.ucfleet.node.profile.ExtendedKeyUsage.CLIENT_AUTH;
import static io.ucfleet.node.profile.ExtendedKeyUsage.IPSEC_END_SYSTEM;
import static io.ucfleet.node.profile.ExtendedKeyUsage.SERVER_AUTH;
import static io.ucfleet.node.profile.KeyUsageBit.DATA_ENCIPHERMENT;
import static io.ucfleet.node.profile.KeyUsageBit.DIGITAL_SIGNATURE;
import static io.ucfleet.node.profile.KeyUsageBit.KEY_AGREEMENT;
import static io.ucfleet.node.profile.KeyUsageBit.KEY_CERT_SIGN;
import static io.ucfleet.node.profile.KeyUsageBit.KEY_ENCIPHERMENT;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The identity ("own") certificate units: one constant per row of the CSR key-usage tables
 * of seed 002 (Tables 1 and 2), with the services Table 4 says to restart. This is the only
 * place those rules live: certificate generation, the API's {@code /profiles}, CSR building
 * and upload checks all read it.
 *
 * <p>Rows or cells marked "our choice" are not in the seeds; {@code certificates.md} and the
 * README say so too.
 */
public enum IdentityProfile {
    TOMCAT("tomcat", KeyAlgorithm.RSA, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "tomcat-trust", CommonName.FQDN, List.of(CiscoService.TOMCAT, CiscoService.CALLMANAGER, CiscoService.TFTP),
            false, "seed 002 Tables 1, 2, 4 (Cisco TFTP: 'TFTP keeps serving the old cached tomcat certificate')"),
    TOMCAT_ECDSA("tomcat-ECDSA", KeyAlgorithm.EC, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "tomcat-trust", CommonName.FQDN_EC, List.of(CiscoService.TOMCAT, CiscoService.CALLMANAGER, CiscoService.TFTP),
            false, "seed 002 Tables 1, 2, 4"),
    CALLMANAGER("CallManager", KeyAlgorithm.RSA, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "CallManager-trust", CommonName.FQDN, List.of(CiscoService.CALLMANAGER, CiscoService.CTIMANAGER),
            true, "seed 002 Tables 1, 4"),
    CALLMANAGER_ECDSA("CallManager-ECDSA", KeyAlgorithm.EC, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "CallManager-trust", CommonName.FQDN_EC, List.of(CiscoService.CALLMANAGER),
            true, "seed 002 Tables 1, 4"),
    /** CAPF issues LSCs to phones, hence keyCertSign and a CA basic constraint. */
    CAPF("CAPF", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_CERT_SIGN), true,
            "CAPF-trust", CommonName.CAPF, List.of(),
            true, "seed 002 Tables 1, 4"),
    TVS("TVS", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "TVS-trust", CommonName.FQDN, List.of(),
            false, "seed 002 Tables 1, 4"),
    IPSEC("ipsec", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "ipsec-trust", CommonName.FQDN, List.of(CiscoService.DRF_MASTER, CiscoService.DRF_LOCAL),
            false, "seed 002 Tables 1, 2; services to restart: our choice (DRF uses ipsec)"),
    /** Not in the seed tables: key usage as the real Cisco CTL in shared/vectors shows it. */
    ITLRECOVERY("ITLRecovery", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT, KEY_AGREEMENT), false,
            "Phone-SAST-trust", CommonName.ITLRECOVERY, List.of(),
            true, "our choice, from the ITLRecovery record of the real Cisco CTL (shared/vectors)"),
    CUP("cup", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-trust", CommonName.FQDN, List.of(CiscoService.SIP_PROXY, CiscoService.PRESENCE_ENGINE),
            false, "seed 002 Table 2; services to restart: our choice"),
    CUP_ECDSA("cup-ECDSA", KeyAlgorithm.EC, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-trust", CommonName.FQDN_EC, List.of(CiscoService.SIP_PROXY, CiscoService.PRESENCE_ENGINE),
            false, "seed 002 Table 2; services to restart: our choice"),
    CUP_XMPP("cup-xmpp", KeyAlgorithm.RSA, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-xmpp-trust", CommonName.FQDN, List.of(CiscoService.XCP_ROUTER),
            false, "seed 002 Table 2; services to restart: our choice"),
    CUP_XMPP_ECDSA("cup-xmpp-ECDSA", KeyAlgorithm.EC, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-xmpp-trust", CommonName.FQDN_EC, List.of(CiscoService.XCP_ROUTER),
            false, "seed 002 Table 2; services to restart: our choice"),
    CUP_XMPP_S2S("cup-xmpp-s2s", KeyAlgorithm.RSA, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-xmpp-trust", CommonName.FQDN, List.of(CiscoService.XCP_FEDERATION),
            false, "seed 002 Table 2; services to restart: our choice"),
    CUP_XMPP_S2S_ECDSA("cup-xmpp-s2s-ECDSA", KeyAlgorithm.EC, true, EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT), false,
            "cup-xmpp-trust", CommonName.FQDN_EC, List.of(CiscoService.XCP_FEDERATION),
            false, "seed 002 Table 2; services to restart: our choice"),
    /** Expressway's one server certificate for HTTP, SIP and XMPP, client and server (seed 004). */
    EXPRESSWAY_SERVER("server", KeyAlgorithm.RSA, false, EnumSet.of(SERVER_AUTH, CLIENT_AUTH),
            EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT), false,
            null, CommonName.FQDN, List.of(CiscoService.EXPRESSWAY_SERVICES),
            false, "seed 004 (serverAuth + clientAuth); key usage bits: our choice");

    /** How the subject CN of the self-signed certificate is formed (as real nodes and the Cisco CTL vector show). */
    public enum CommonName {
        /** The node FQDN. */
        FQDN,
        /** {@code <host>-EC.<domain>}: keeps RSA and EC twins apart in listings, as Cisco does. */
        FQDN_EC,
        /** {@code CAPF-<8 hex digits>}. */
        CAPF,
        /** {@code ITLRECOVERY_<fqdn>}. */
        ITLRECOVERY
    }

    /** The unit name Cisco shows ("Certificate Purpose"). */
    public final String unit;
    public final KeyAlgorithm keyAlgorithm;
    /** May be a multi-server (SAN) certificate shared by the cluster's nodes. */
    public final boolean multiServer;
    public final Set<ExtendedKeyUsage> extendedKeyUsages;
    public final Set<KeyUsageBit> keyUsages;
    /** Carries basicConstraints CA:TRUE (it signs other certificates). */
    public final boolean certificateAuthority;
    /** The trust store that also lists this node's own certificate, as CUCM does; none for Expressway. */
    private final String trustStore;
    public final CommonName commonName;
    /** Services that must be restarted after the certificate changes (Table 4). */
    public final List<CiscoService> restartServices;
    /** Listed in the CTL: regenerating it means "update CTLFile" in mixed mode. */
    public final boolean listedInCtl;
    /** Where the row comes from. */
    public final String source;

    IdentityProfile(String unit, KeyAlgorithm keyAlgorithm, boolean multiServer, Set<ExtendedKeyUsage> ekus,
            Set<KeyUsageBit> keyUsages, boolean certificateAuthority, String trustStore, CommonName commonName,
            List<CiscoService> restartServices, boolean listedInCtl, String source) {
        this.unit = unit;
        this.keyAlgorithm = keyAlgorithm;
        this.multiServer = multiServer;
        this.extendedKeyUsages = Set.copyOf(ekus);
        this.keyUsages = Set.copyOf(keyUsages);
        this.certificateAuthority = certificateAuthority;
        this.trustStore = trustStore;
        this.commonName = commonName;
        this.restartServices = restartServices;
        this.listedInCtl = listedInCtl;
        this.source = source;
    }

    /**
     * The XMPP certificates: the only units whose SAN may name XMPP identities (xmppAddr, SRVName)
     * and that carry the XMPP domain when IM and Presence's security settings say so (seed 001).
     */
    public boolean xmpp() {
        return this == CUP_XMPP || this == CUP_XMPP_ECDSA || this == CUP_XMPP_S2S || this == CUP_XMPP_S2S_ECDSA;
    }

    public Optional<String> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** BouncyCastle key-usage mask of this row. */
    public int keyUsageMask() {
        return keyUsages.stream().mapToInt(b -> b.mask).reduce(0, (a, b) -> a | b);
    }
}
