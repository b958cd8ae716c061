package io.ucfleet.node.identity;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages of the Cisco CSR tables. */
public enum ExtendedKeyUsage {
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth, "TLS Web Server Authentication", "serverAuth"),
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth, "TLS Web Client Authentication", "clientAuth"),
    IPSEC_END_SYSTEM(KeyPurposeId.id_kp_ipsecEndSystem, "IPSec End System", "ipsecEndSystem");

    public final KeyPurposeId purpose;
    /** How `openssl x509 -text` prints the usage. */
    public final String opensslName;
    public final String rfcName;

    ExtendedKeyUsage(KeyPurposeId purpose, String opensslName, String rfcName) {
        this.purpose = purpose;
        this.opensslName = opensslName;
        this.rfcName = rfcName;
    }

    public String oid() {
        return purpose.getId();
    }
}
