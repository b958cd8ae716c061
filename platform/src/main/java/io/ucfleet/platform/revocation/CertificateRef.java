package io.ucfleet.platform.revocation;

/** A certificate named by its subject and the SHA-256 of its DER; {@code position} 0 is the server's own. */
public record CertificateRef(int position, String subject, String sha256) {
}
