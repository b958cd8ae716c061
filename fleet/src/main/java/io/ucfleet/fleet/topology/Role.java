package io.ucfleet.fleet.topology;

import java.util.Arrays;
import java.util.Optional;

/**
 * The node roles a topology places (node-service's {@code ucfleet.node.role}), with what the
 * fleet needs to know of each: which product's cluster it belongs to, whether it runs the
 * platform CLI over SSH, and whether it is the cluster's publisher.
 */
public enum Role {
    PUBLISHER("publisher", Product.UNIFIED_CM),
    SUBSCRIBER("subscriber", Product.UNIFIED_CM),
    /** IM and Presence nodes join a Unified CM cluster, or form an IM and Presence central cluster. */
    IM_AND_PRESENCE("im-and-presence", Product.IM_AND_PRESENCE),
    UNITY_CONNECTION("unity-connection", Product.UNITY_CONNECTION),
    /** The Expressway inside the firewall (Mobile and Remote Access: talks to Unified CM and IM and Presence). */
    EXPRESSWAY_C("expressway-c", Product.EXPRESSWAY_C),
    /** The Expressway in the DMZ (traversal server, public UC domains). */
    EXPRESSWAY_E("expressway-e", Product.EXPRESSWAY_E);

    /** The role name before Expressway-C and -E were told apart; a topology using it is told which to use. */
    public static final String RETIRED_EXPRESSWAY = "expressway";

    /** What a cluster is a cluster of; Expressway-C and -E peers never share a cluster. */
    public enum Product {
        UNIFIED_CM, IM_AND_PRESENCE, UNITY_CONNECTION, EXPRESSWAY_C, EXPRESSWAY_E
    }

    public final String name;
    public final Product product;

    Role(String name, Product product) {
        this.name = name;
        this.product = product;
    }

    /** Expressway has no platform CLI (its administrators use its web and REST API). */
    public boolean ssh() {
        return !expressway();
    }

    public boolean expressway() {
        return product == Product.EXPRESSWAY_C || product == Product.EXPRESSWAY_E;
    }

    /** IM and Presence serves XMPP: clients on the client-to-server port, federated servers on server-to-server. */
    public boolean xmpp() {
        return this == IM_AND_PRESENCE;
    }

    public static Optional<Role> of(String name) {
        return Arrays.stream(values()).filter(r -> r.name.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(r -> r.name).toList());
    }
}
