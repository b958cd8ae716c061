package io.ucfleet.platform.problem;

/**
 * Every problem a ucfleet service reports, with its HTTP status: one table for all services,
 * like ACME's (and smallstep's), so the same refusal reads the same from a node, cluster-sync or
 * ctl-service. The body is RFC 9457 problem+json with {@code type = urn:ucfleet:problem:<slug>},
 * written by {@link ProblemBody}.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "The request is not valid", 400),
    /** A request to the API on plain HTTP: redirected to the same path on HTTPS (Tomcat's CONFIDENTIAL transport guarantee). */
    HTTPS_REQUIRED("https-required", "This is served on HTTPS only", 302),
    EMPTY_UPLOAD("empty-upload", "The upload holds no certificate", 400),
    INVALID_PEM("invalid-pem", "The PEM text cannot be read", 400),
    INVALID_DER("invalid-der", "The DER data is not a certificate", 400),
    NOT_A_CERTIFICATE("not-a-certificate", "The upload is not a certificate", 400),
    INVALID_TIME_ENCODING("invalid-time-encoding", "A certificate time breaks the GeneralizedTime rule", 400),
    ISSUER_CHAIN_MISSING("issuer-chain-missing", "The issuer of a certificate is not trusted", 400),
    CONFIRMATION_REQUIRED("confirmation-required", "Deleting a certificate must be confirmed", 400),
    INVALID_KEY_SIZE("invalid-key-size", "The key size is not allowed for this unit", 400),
    UNKNOWN_UNIT("unknown-unit", "This node has no such certificate unit", 404),
    UNKNOWN_TRUST_STORE("unknown-trust-store", "This node has no such trust store", 404),
    UNKNOWN_IDENTITY("unknown-identity", "This node has no such identity certificate", 404),
    CERTIFICATE_NOT_FOUND("certificate-not-found", "No such certificate", 404),
    UNKNOWN_SERVICE("unknown-service", "This node runs no such service", 404),
    NOT_FOUND("not-found", "No such resource", 404),
    IDENTITY_NOT_DELETABLE("identity-not-deletable", "Identity certificates cannot be deleted", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
    URI_TOO_LONG("uri-too-long", "The request line is too long", 414),
    HEADERS_TOO_LARGE("headers-too-large", "The request's header fields are too large", 431),
    REQUEST_TIMEOUT("request-timeout", "The request head did not arrive in time", 408),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request's content type is not accepted", 415),
    METHOD_NOT_ALLOWED("method-not-allowed", "The method is not allowed here", 405),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", 406),
    UNAUTHORIZED("unauthorized", "Authentication is required", 401),
    FORBIDDEN("forbidden", "The account may not do this", 403),
    INTERNAL("internal", "Internal error", 500),
    // --- AUTHZ (OAuth) keys (issue 4) ---
    UNKNOWN_AUTHZ_KEY("unknown-authz-key", "No such AUTHZ key; use signing or encryption", 404),
    AUTHZ_PUBLISHER_ONLY("authz-publisher-only", "Only the publisher does this with the AUTHZ keys", 409),
    INVALID_AUTHZ_DISTRIBUTION("invalid-authz-distribution", "The AUTHZ key distribution is not valid", 400),
    AUTHZ_KEYS_UNAVAILABLE("authz-keys-unavailable", "This node has no AUTHZ keys yet", 503),
    // --- CTL signing, CAPF enrollment and the CTL listing (issue 5) ---
    SIGNER_CHANGED("signer-changed", "The signing certificate is not the one the request names", 409),
    INVALID_CSR("invalid-csr", "The certificate signing request cannot be used", 400),
    INVALID_DIGEST("invalid-digest", "The file-signature hash is not supported", 400),

    // CSR and CA-signed identities (issue 3)
    CSR_REFUSED("csr-refused", "The certificate signing request breaks a rule of the documents", 400),
    CSR_NOT_FOUND("csr-not-found", "No certificate signing request is pending for this unit", 404),
    NO_PENDING_CSR("no-pending-csr", "The unit has no pending CSR to install a signed certificate for", 409),
    CSR_KEY_MISMATCH("csr-key-mismatch", "The certificate does not match the key of the pending CSR", 400),
    KEY_USAGE_LOST("key-usage-lost", "The signed certificate lost key usage the unit requires", 400),
    // --- Upload rules of real Unified CM (issue 9) ---
    KEY_TOO_LARGE("key-too-large", "The certificate's key is larger than 4096 bits", 400),
    WILDCARD_NOT_SUPPORTED("wildcard-not-supported", "Unified CM does not support wildcard certificates", 400),
    MULTI_SERVER_NOT_ALLOWED("multi-server-not-allowed", "This unit cannot have a multi-server certificate", 400),
    // --- Expressway (seed 004, issue 11) ---
    CSR_IN_PROGRESS("csr-in-progress", "A CSR is already in progress; discard it before generating another", 409),
    DER_NOT_ACCEPTED("der-not-accepted", "The node loads PEM files only; convert DER to PEM first", 400),
    EXPRESSWAY_ONLY("expressway-only", "Only an Expressway node has this", 404),
    INVALID_CRL("invalid-crl", "The file is not a valid certificate revocation list", 400),
    INVALID_PRIVATE_KEY("invalid-private-key", "The server private key file is not a PEM RSA or EC private key", 400),
    PRIVATE_KEY_PROTECTED("private-key-password-protected", "The server private key must not be password protected", 400),
    PRIVATE_KEY_MISMATCH("private-key-mismatch", "The server certificate does not match the private key", 400),
    CRL_NOT_FOUND("crl-not-found", "No such certificate revocation list is loaded", 404),
    ZONE_NOT_FOUND("zone-not-found", "This Expressway has no zone of that name", 404),
    ZONE_EXISTS("zone-exists", "A zone of that name exists already", 409),
    PEER_UNAVAILABLE("peer-unavailable", "A node of the cluster could not be reached or refused", 502),
    // --- IM and Presence: the Certificate Import Tool (seed 003, issue 10 §4) ---
    IM_AND_PRESENCE_ONLY("im-and-presence-only", "Only an IM and Presence node has this (Certificate Import Tool, XMPP security settings)", 409),
    PEER_SERVER_UNREACHABLE("peer-server-unreachable", "The peer server presented no certificate chain", 422),
    CERTIFICATE_NOT_OFFERED("certificate-not-offered", "The approved certificate is not one the peer sent and the trust store lacks", 409),
    // --- ctl-service: mixed mode, CTL and ITL files (issue 5) ---
    ALREADY_MIXED_MODE("already-mixed-mode", "The cluster is already in mixed mode", 409),
    ALREADY_NON_SECURE_MODE("already-non-secure-mode", "The cluster is already in non-secure mode", 409),
    NO_CTL("no-ctl", "The cluster has no CTL file yet", 409),
    FILE_NOT_FOUND("file-not-found", "No such file is served", 404),
    INVALID_TRUST_LIST("invalid-trust-list", "The file is not a valid CTL or ITL file", 400),
    TRUST_LIST_NOT_OF_CLUSTER("trust-list-not-of-cluster", "The trust list names a certificate that is not this cluster's", 422),
    CLUSTER_UNAVAILABLE("cluster-unavailable", "A node of the cluster could not be reached or refused", 502),
    // --- lab-ca: the private lab CA (seeds 003, 004) ---
    UNKNOWN_AUTHORITY("unknown-authority", "The lab CA has no such CA hierarchy", 404),
    AUTHORITY_EXISTS("authority-exists", "A CA hierarchy of this name exists already", 409),
    CSR_SIGNATURE_INVALID("csr-signature-invalid", "The CSR's signature does not verify with its own public key", 400),
    UNKNOWN_PROFILE("unknown-profile", "No such issuance profile; use copy-extensions or public-ca", 400),
    INVALID_VALIDITY("invalid-validity", "The requested validity cannot be issued", 400),
    ALREADY_REVOKED("already-revoked", "The certificate is revoked already", 409),
    UNKNOWN_REVOCATION_REASON("unknown-revocation-reason", "Not an RFC 5280 revocation reason", 400),
    INVALID_OCSP_REQUEST("invalid-ocsp-request", "The body is not a DER OCSPRequest (RFC 6960)", 400),
    ENROLLMENT_FAILED("enrollment-failed", "A node refused or could not be reached during enrollment", 502),
    // --- PostgreSQL restarting or unreachable (issue 4) ---
    DATABASE_UNAVAILABLE("database-unavailable", "The node's database cannot be reached; try again shortly", 503),
    // --- the management API's HTTP faults: the status is the fault's, 503 only by default ---
    INJECTED_FAULT("injected-fault", "A fault injected through the management API", 503);

    public final String slug;
    public final String title;
    public final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return "urn:ucfleet:problem:" + slug;
    }

    public static java.util.Optional<ProblemType> bySlug(String slug) {
        for (ProblemType t : values()) {
            if (t.slug.equals(slug)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /** The generic problem for a status raised by the HTTP layer rather than by domain code. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 431 -> HEADERS_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
        };
    }
}
