package io.ucfleet.node.inventory;

/** Cisco's "Usage" column: the node's own certificate, or one it trusts. */
public enum Usage {
    IDENTITY, TRUST
}
