package io.ucfleet.node.profile;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages of the Cisco CSR tables. */
public enum ExtendedKeyUsage {
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth, "TLS Web Server Authentication", "serverAuth",
            "clients (browsers, Jabber, phones, peers) refuse the node when it presents it as a TLS server"),
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth, "TLS Web Client Authentication", "clientAuth",
            "the node cannot authenticate with it as a TLS client to its peers (mutual TLS between nodes, SIP trunks)"),
    IPSEC_END_SYSTEM(KeyPurposeId.id_kp_ipsecEndSystem, "IPSec End System", "ipsecEndSystem",
            "IPsec peers that check the extended key usage refuse it");

    public final KeyPurposeId purpose;
    /** How `openssl x509 -text` prints the usage. */
    public final String opensslName;
    public final String rfcName;
    /** What a certificate of a unit that needs the usage cannot do without it (the warning of a CA-signed upload). */
    public final String withoutIt;

    ExtendedKeyUsage(KeyPurposeId purpose, String opensslName, String rfcName, String withoutIt) {
        this.purpose = purpose;
        this.opensslName = opensslName;
        this.rfcName = rfcName;
        this.withoutIt = withoutIt;
    }

    public String oid() {
        return purpose.getId();
    }
}
