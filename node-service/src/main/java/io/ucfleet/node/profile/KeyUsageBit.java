package io.ucfleet.node.profile;

import org.bouncycastle.asn1.x509.KeyUsage;

/** The X.509 key usage bits the Cisco tables name, in their column order. */
public enum KeyUsageBit {
    DIGITAL_SIGNATURE(KeyUsage.digitalSignature, "Digital Signature", "digitalSignature",
            "TLS peers that enforce key usage refuse it for (EC)DHE key exchange and signed handshakes"),
    KEY_ENCIPHERMENT(KeyUsage.keyEncipherment, "Key Encipherment", "keyEncipherment",
            "TLS peers that enforce key usage refuse it for RSA key transport"),
    DATA_ENCIPHERMENT(KeyUsage.dataEncipherment, "Data Encipherment", "dataEncipherment",
            "seed 002 asks to keep it: features that encrypt data with the certificate's key may fail once it is in use"),
    KEY_CERT_SIGN(KeyUsage.keyCertSign, "Certificate Sign", "keyCertSign",
            "it cannot sign certificates: relying parties refuse what it issues (for CAPF, the phones' LSCs)"),
    KEY_AGREEMENT(KeyUsage.keyAgreement, "Key Agreement", "keyAgreement",
            "peers that enforce key usage refuse it for key agreement");

    /** BouncyCastle's bit mask. */
    public final int mask;
    /** How `openssl x509 -text` prints the bit. */
    public final String opensslName;
    /** RFC 5280 name, used in the API. */
    public final String rfcName;
    /** What a certificate of a unit that needs the bit cannot do without it (the warning of a CA-signed upload). */
    public final String withoutIt;

    KeyUsageBit(int mask, String opensslName, String rfcName, String withoutIt) {
        this.mask = mask;
        this.opensslName = opensslName;
        this.rfcName = rfcName;
        this.withoutIt = withoutIt;
    }
}
