package io.ucfleet.labca.ledger;

import java.time.Instant;
import java.util.Optional;

/** A certificate a CA of the lab issued (a leaf, or an intermediate the root issued), and whether it is revoked. */
public record IssuedCertificate(String serial, long authorityId, String subject, String profile, Instant notBefore,
        Instant notAfter, String sha256, byte[] der, Instant issuedAt, Optional<Instant> revokedAt,
        Optional<RevocationReason> revocationReason) {

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** {@code revoked}, {@code expired} (by the given time) or {@code good}. */
    public String status(Instant now) {
        return revoked() ? "revoked" : now.isAfter(notAfter) ? "expired" : "good";
    }
}
