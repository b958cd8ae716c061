package io.ucfleet.labca.issuance;

import java.time.Instant;
import java.util.Optional;

/** A request to sign a CSR, as the API and enrollment bring it (validated by {@link CertificateIssuance}). */
public record SignRequest(String hierarchy, String csrPem, String profile, Optional<Integer> validityDays,
        Optional<Instant> notBefore, Optional<Instant> notAfter) {
}
