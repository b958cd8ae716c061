package io.ucfleet.labca.clients;

import io.ucfleet.platform.revocation.CertificateRef;

/**
 * One reason of a verdict: which certificate (null when none was seen: the connection failed),
 * which field, what is wrong, how bad it is for the client asked about, and the rule's source.
 */
public record Reason(String code, String severity, CertificateRef certificate, String field, String detail, String rule) {

    public static Reason of(ReasonCode code, ClientKind client, CertificateRef certificate, String field, String detail) {
        return new Reason(code.id, code.severityFor(client).name().toLowerCase(java.util.Locale.ROOT), certificate, field,
                detail, code.rule);
    }

    public Severity severityValue() {
        return Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT));
    }
}
