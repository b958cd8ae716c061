package io.ucfleet.sync.policy;

import io.ucfleet.platform.replication.Change;
import java.util.List;
import java.util.Optional;

/**
 * The one table that says which change travels where (certificates.md, "Rules of change").
 * A trust change (an administrator's import or delete) follows the row of its trust store; a
 * change made by installing an identity (its trust-store copy replaced) follows the row of
 * the identity. Whatever no row names stays on its node.
 */
public final class ReplicationPolicy {

    /** Where a change goes: every node of the cluster, or only the node where it was made. */
    public enum Scope {
        CLUSTER, NODE
    }

    public enum Subject {
        /** Import into / delete from this trust store by an administrator (or by replication). */
        TRUST_STORE,
        /** Installation of this identity: its new copy imported into, its old copy deleted from, tomcat-trust. */
        IDENTITY
    }

    public record Rule(Subject subject, String name, Scope onImport, Scope onDelete, String why) {
    }

    public static final List<Rule> RULES = List.of(
            new Rule(Subject.TRUST_STORE, "CAPF-trust", Scope.NODE, Scope.CLUSTER,
                    "seed 002: a CAPF-trust import stays on its node; a delete is deleted on every node"),
            new Rule(Subject.TRUST_STORE, "tomcat-trust", Scope.CLUSTER, Scope.CLUSTER,
                    "delete: seed 002; import: our choice (the seeds contrast CAPF-trust as the exception)"),
            new Rule(Subject.TRUST_STORE, "CallManager-trust", Scope.CLUSTER, Scope.CLUSTER,
                    "delete: seed 002; import: our choice"),
            new Rule(Subject.TRUST_STORE, "Phone-SAST-trust", Scope.CLUSTER, Scope.CLUSTER,
                    "delete: seed 002; import: our choice"),
            new Rule(Subject.IDENTITY, "tomcat", Scope.CLUSTER, Scope.CLUSTER,
                    "Intercluster Sync Agent (seed 002): every node's tomcat identity in every peer's tomcat-trust;"
                            + " a regenerated or CA-signed one replaces the old one"),
            new Rule(Subject.IDENTITY, "tomcat-ECDSA", Scope.CLUSTER, Scope.CLUSTER,
                    "Intercluster Sync Agent (seed 002), as tomcat"));

    /** Every other trust store, and every other identity: our choice, node-local. */
    public static final Rule OTHERWISE = new Rule(null, "*", Scope.NODE, Scope.NODE,
            "our choice: any other trust store, and identity certificates, stay on their node");

    /**
     * How opposite changes to the same certificate end: the same way on every node, by one
     * cluster-wide order. Each node keeps its last change per (store, certificate), tombstones
     * included, and applies a peer's change only if it orders after it.
     */
    public static final String ORDER = "last change wins, ordered by (version, origin): version is the originating node's"
            + " hybrid logical clock in microseconds (its wall clock, never behind any change it has seen), ties broken"
            + " by the origin node's FQDN; a delete leaves a tombstone with its version, so an older import never brings"
            + " the certificate back, and a deliberate re-import, made after the delete, orders after it and wins";

    private ReplicationPolicy() {
    }

    public static Rule rule(String store, String sourceUnit) {
        Subject subject = sourceUnit == null ? Subject.TRUST_STORE : Subject.IDENTITY;
        String name = sourceUnit == null ? store : sourceUnit;
        Optional<Rule> rule = RULES.stream().filter(r -> r.subject() == subject && r.name().equals(name)).findFirst();
        return rule.orElse(OTHERWISE);
    }

    /** Where a change of {@code operation} goes. */
    public static Scope scope(Change.Operation operation, String store, String sourceUnit) {
        Rule rule = rule(store, sourceUnit);
        return operation == Change.Operation.IMPORT ? rule.onImport() : rule.onDelete();
    }
}
