package io.ucfleet.node.csr;

import java.util.Arrays;
import java.util.Optional;

/** Cisco's "Distribution" of a CSR: this server only, or every node of the product (SAN certificate). */
public enum Distribution {
    THIS_SERVER("this-server"),
    /** One certificate and key for the cluster's nodes of one product; only units the table marks "multi". */
    MULTI_SERVER("multi-server");

    public final String id;

    Distribution(String id) {
        this.id = id;
    }

    public static Optional<Distribution> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equalsIgnoreCase(id)).findFirst();
    }
}
