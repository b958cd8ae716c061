package io.ucfleet.node.identity;

import org.bouncycastle.asn1.x509.KeyUsage;

/** The X.509 key usage bits the Cisco tables name, in their column order. */
public enum KeyUsageBit {
    DIGITAL_SIGNATURE(KeyUsage.digitalSignature, "Digital Signature", "digitalSignature"),
    KEY_ENCIPHERMENT(KeyUsage.keyEncipherment, "Key Encipherment", "keyEncipherment"),
    DATA_ENCIPHERMENT(KeyUsage.dataEncipherment, "Data Encipherment", "dataEncipherment"),
    KEY_CERT_SIGN(KeyUsage.keyCertSign, "Certificate Sign", "keyCertSign"),
    KEY_AGREEMENT(KeyUsage.keyAgreement, "Key Agreement", "keyAgreement");

    /** BouncyCastle's bit mask. */
    public final int mask;
    /** How `openssl x509 -text` prints the bit. */
    public final String opensslName;
    /** RFC 5280 name, used in the API. */
    public final String rfcName;

    KeyUsageBit(int mask, String opensslName, String rfcName) {
        this.mask = mask;
        this.opensslName = opensslName;
        this.rfcName = rfcName;
    }
}
