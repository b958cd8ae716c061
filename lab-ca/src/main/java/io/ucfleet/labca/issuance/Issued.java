package io.ucfleet.labca.issuance;

import java.time.Instant;
import java.util.List;

/** A certificate just issued: PEM, the chain above it (issuing CA first, root last), and what a client fetches to check it. */
public record Issued(String hierarchy, String serial, String subject, String profile, Instant notBefore, Instant notAfter,
        String sha256, String certificate, List<String> chain, String crlUrl, String ocspUrl, String caIssuersUrl,
        List<String> warnings) {
}
