package io.ucfleet.labca.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Endpoints;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.authority.Tier;
import io.ucfleet.labca.enrollment.EnrollmentReport;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.x509.Fingerprint;
import io.ucfleet.labca.x509.Pem;
import io.ucfleet.labca.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The JSON of lab-ca's API: request bodies (every member optional unless said) and answers. */
final class Representations {
    private Representations() {
    }

    /** {@code POST /api/v1/authorities}: {@code name} required. */
    record HierarchyBody(String name, String keyType, Integer keySize, Boolean intermediate, String organization,
            String rootCommonName, String intermediateCommonName, Integer rootValidityDays, Integer intermediateValidityDays,
            String crlValidity) {
    }

    record CaView(String tier, String subject, String issuer, String serial, Instant notBefore, Instant notAfter, String keyType,
            int keySize, String sha256, String certificate, String certificateUrl, String crlUrl) {

        static CaView of(Authority a, Endpoints endpoints) {
            var c = a.certificate();
            return new CaView(a.tier().id(), c.getSubject().toString(), c.getIssuer().toString(),
                    SerialNumbers.hex(c.getSerialNumber()), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(),
                    a.keyType().name(), a.keySize(), Fingerprint.sha256(a.certificateDer()), Pem.certificate(a.certificateDer()),
                    endpoints.caIssuers(a.hierarchy(), a.tier()), endpoints.crl(a.hierarchy(), a.tier()));
        }
    }

    record CrlSettings(String validity, String backdate, boolean servesExpiredCrl) {
    }

    record HierarchyView(String name, Instant createdAt, String issuingTier, CaView root, CaView intermediate,
            CrlSettings crl, String ocspUrl, String chainUrl) {

        static HierarchyView of(Hierarchy h, Endpoints endpoints) {
            return new HierarchyView(h.name(), h.createdAt(), h.issuing().tier().id(), CaView.of(h.root(), endpoints),
                    h.intermediate().map(a -> CaView.of(a, endpoints)).orElse(null),
                    new CrlSettings(h.crlValidity().toString(), h.crlBackdate().toString(),
                            h.crlBackdate().compareTo(h.crlValidity()) > 0),
                    endpoints.ocsp(h.name()), endpoints.base() + Endpoints.PREFIX + h.name() + "/chain.pem");
        }
    }

    /** {@code PUT /api/v1/authorities/{h}/crl}: {@code validity} required; {@code backdate} default PT0S. */
    record CrlSettingsBody(String validity, String backdate) {
    }

    /** {@code POST .../certificates}: {@code csr} (PEM) required; profile default copy-extensions; validityDays or notBefore/notAfter. */
    record SignBody(String csr, String profile, Integer validityDays, Instant notBefore, Instant notAfter) {
    }

    record CertificateView(String serial, String subject, String issuer, String profile, String status, Instant notBefore,
            Instant notAfter, Instant issuedAt, Instant revokedAt, String revocationReason, String sha256, String certificate) {

        static CertificateView of(IssuedCertificate c, Hierarchy h, Instant now, boolean withPem) {
            return new CertificateView(c.serial(), c.subject(), h.byId(c.authorityId()).map(a -> a.tier().id()).orElse(null),
                    c.profile(), c.status(now), c.notBefore(), c.notAfter(), c.issuedAt(), c.revokedAt().orElse(null),
                    c.revocationReason().map(r -> r.rfcName).orElse(null), c.sha256(),
                    withPem ? Pem.certificate(c.der()) : null);
        }
    }

    record CertificateList(String hierarchy, int total, List<CertificateView> items) {
    }

    /** {@code POST .../certificates/{serial}/revocation}: {@code reason} an RFC 5280 name, default unspecified. */
    record RevokeBody(String reason) {
    }

    record RevokeAnswer(CertificateView certificate, long crlNumber, String crlUrl) {
    }

    /**
     * {@code POST /api/v1/enrollments}: {@code node} (base URL) and {@code unit} required;
     * {@code csr} is passed to the node's CSR call as it is.
     */
    record EnrollmentBody(String node, String unit, String hierarchy, String profile, Integer validityDays,
            Map<String, Object> csr, String username, String password, Boolean restartServices) {
    }

    /** {@code POST /api/v1/enrollments/cluster}: as {@link EnrollmentBody}, with {@code nodes} instead of {@code node}. */
    record ClusterEnrollmentBody(List<String> nodes, String unit, String hierarchy, String profile, Integer validityDays,
            Map<String, Object> csr, String username, String password, Boolean restartServices) {
    }

    record ClusterReport(String outcome, int enrolled, int failed, List<EnrollmentReport> nodes) {
    }

    /** {@code PUT /ucfleet/v1/faults/{endpoint}}: a {@code delay} (ISO-8601), {@code unreachable}, or both. */
    record FaultBody(String delay, Boolean unreachable) {
    }

    record FaultView(String endpoint, String delay, boolean unreachable, long hits) {
    }

    record ClockView(Instant now, String offset, Instant hostNow) {
    }

    record ClockChange(String offset) {
    }

    static Duration duration(String field, String value) {
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"" + field + "\" must be an ISO-8601 duration such as"
                    + " PT6S or P7D, not \"" + value + "\".");
        }
    }

    static Tier tier(String id) {
        return Tier.byId(id).orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND, "No such file: CA certificates and"
                + " CRLs are root.* and intermediate.*."));
    }
}
