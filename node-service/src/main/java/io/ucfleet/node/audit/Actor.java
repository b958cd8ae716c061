package io.ucfleet.node.audit;

/**
 * Who made a change and through which interface: an account and its client's address, or the
 * node itself; for a change replicated from a peer, the account that delivered it (cluster-sync's)
 * and the node it was made on.
 */
public record Actor(String userId, String clientAddress, AuditLog.Via via, String origin) {
    /** The node acting on its own: its first start, a schedule, a reset. */
    public static final Actor SYSTEM = new Actor("(system)", "", AuditLog.Via.SYSTEM, null);

    public Actor {
        userId = userId == null || userId.isBlank() ? "(anonymous)" : userId;
        clientAddress = clientAddress == null ? "" : clientAddress;
    }

    /** The same account, delivering a change that {@code originNode} made. */
    public Actor replicatingFrom(String originNode) {
        return new Actor(userId, clientAddress, AuditLog.Via.REPLICATION, originNode);
    }
}
