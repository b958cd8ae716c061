package io.ucfleet.platform.replication;

/** A certificate of a node's store by fingerprint, for a repair that must re-import it. */
public record StoredCertificate(String store, String sha256, byte[] der) {
}
