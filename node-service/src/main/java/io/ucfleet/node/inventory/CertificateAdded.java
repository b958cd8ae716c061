package io.ucfleet.node.inventory;

/**
 * Fired synchronously, in the transaction that stores it, when a certificate is added to a unit
 * of this node: an import into a trust store (by an administrator or replicated) or a CA-signed
 * identity installed. Observers that must react in the same transaction (the CTL update flag)
 * listen to it, so the writers need not know them.
 */
public record CertificateAdded(String unit, Usage usage, CertificateType type, String reason) {
}
