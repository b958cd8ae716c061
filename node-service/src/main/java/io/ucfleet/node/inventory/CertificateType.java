package io.ucfleet.node.inventory;

/** Cisco's "Type" column. */
public enum CertificateType {
    SELF_SIGNED("self-signed"), CA_SIGNED("CA-signed"), TRUST("trust");

    public final String label;

    CertificateType(String label) {
        this.label = label;
    }
}
