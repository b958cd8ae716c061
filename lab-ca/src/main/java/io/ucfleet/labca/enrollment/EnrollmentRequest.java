package io.ucfleet.labca.enrollment;

import java.util.Map;
import java.util.Optional;

/**
 * Enroll one unit of one node: its base URL, the unit ({@code tomcat}, {@code CallManager},
 * ...), the hierarchy and profile to sign with, the validity, CSR options passed to the node as
 * they are (its {@code POST /api/v1/identities/{unit}/csr} body), the node account (else the
 * configured one), and whether to restart the services the node then flags.
 */
public record EnrollmentRequest(String nodeUrl, String unit, String hierarchy, String profile, Optional<Integer> validityDays,
        Map<String, Object> csrOptions, Optional<String> username, Optional<String> password, boolean restartServices) {
}
