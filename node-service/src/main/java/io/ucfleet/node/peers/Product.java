package io.ucfleet.node.peers;

/**
 * Which nodes share a multi-server certificate: the cluster's nodes of one product (seed 002:
 * a Unified CM multi-server certificate names the Unified CM nodes, an IM and Presence one the
 * IM and Presence nodes). Our choice: publisher and subscribers are one product.
 */
public final class Product {
    private Product() {
    }

    public static String of(String roleConfigName) {
        return switch (roleConfigName) {
            case "publisher", "subscriber" -> "unified-cm";
            default -> roleConfigName;
        };
    }
}
