package io.ucfleet.node.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.quarkus.qute.TemplateData;
import io.ucfleet.node.authz.AuthzKeyPurpose;
import io.ucfleet.node.authz.AuthzKeySet;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.ctlstatus.CtlListing;
import io.ucfleet.node.importtool.ImportReport;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateQuery;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.cluster.SecurityMode;

/** What the templates show: entities and domain results mapped to plain values, nothing decided here. */
final class Views {
    private Views() {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static String time(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    /**
     * The signed-in account, whether it may change anything, the token its forms carry, and the
     * node's role as far as the menu depends on it (publisher: AUTHZ and CTL; IM and Presence:
     * its System > Security pages).
     */
    @TemplateData
    record Session(String account, boolean admin, String token, boolean publisher, boolean imAndPresence) {
        /** The signed-in account on this node: what the layout's header and menu show. */
        static Session of(io.quarkus.security.identity.SecurityIdentity identity, CrossSiteGuard guard,
                io.ucfleet.node.profile.NodeRole role) {
            String account = identity.getPrincipal().getName();
            return new Session(account, identity.hasRole(io.ucfleet.platform.security.Roles.ADMIN), guard.token(account),
                    role == io.ucfleet.node.profile.NodeRole.PUBLISHER, role == io.ucfleet.node.profile.NodeRole.IM_AND_PRESENCE);
        }
    }

    /** A row of the Certificate List (Cisco's columns). */
    @TemplateData
    record Row(String unit, String usage, String type, String commonName, String keyType, int keySize, String distribution,
            String issuedBy, String expiration, boolean expired, String description, String href) {

        static Row of(CertificateEntry e, String distribution, Instant now) {
            return new Row(e.unit, e.usage == Usage.IDENTITY ? "Identity" : "Trust", e.type.label, e.commonName, e.keyType,
                    e.keySize, distribution, e.issuerCommonName, time(e.notAfter), e.expiredAt(now),
                    e.description == null ? "" : e.description, "/cmplatform/certificates/" + encode(e.unit) + "/" + e.sha256);
        }

        static List<Row> of(List<CertificateEntry> entries, String distribution, Instant now) {
            return entries.stream().map(e -> of(e, distribution, now)).toList();
        }
    }

    /** The certificate details page: the row, every decoded field, the PEM. */
    @TemplateData
    record Details(Row row, String subject, String issuer, String serialNumber, String notBefore, String notAfter,
            String publicKey, String signatureAlgorithm, List<String> keyUsage, List<String> extendedKeyUsage,
            List<String> subjectAlternativeNames, String certificateAuthority, String sha1, String sha256, String pem,
            boolean identity, List<Integer> keySizes) {

        static Details of(CertificateEntry e, String distribution, Instant now, List<Integer> keySizes) {
            CertificateFacts f = CertificateFacts.of(e.holder());
            return new Details(Row.of(e, distribution, now), f.subject(), f.issuer(), f.serialNumber(), time(f.notBefore()),
                    time(f.notAfter()), f.keyType() + " " + f.keySize() + (f.curve() == null ? "" : " (" + f.curve() + ")"),
                    f.signatureAlgorithm(), f.keyUsage(), f.extendedKeyUsage(), f.subjectAlternativeNames(),
                    f.certificateAuthority() == null ? "not present" : f.certificateAuthority() ? "CA:TRUE" : "CA:FALSE",
                    f.sha1(), f.sha256(), Pem.certificate(e.der), e.usage == Usage.IDENTITY, keySizes);
        }
    }

    /** One page of the Certificate List, with the find and sort it was asked for (to build its links). */
    @TemplateData
    record ListPage(List<Row> rows, long total, int page, int size, String where, String match, String value, String sort,
            boolean descending) {

        public List<CertificateQuery.Column> columns() {
            return List.of(CertificateQuery.Column.values());
        }

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        /** The page number as shown (from 1). */
        public int number() {
            return page + 1;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }

        public String previousHref() {
            return href(sort, descending, page - 1);
        }

        public String nextHref() {
            return href(sort, descending, page + 1);
        }

        public int first() {
            return total == 0 ? 0 : page * size + 1;
        }

        public int last() {
            return (int) Math.min(total, (long) (page + 1) * size);
        }

        /** Clicking a column header sorts by it, and again reverses it. */
        public String sortHref(String column) {
            return href(column, column.equals(sort) && !descending, 0);
        }

        public String arrow(String column) {
            return column.equals(sort) ? descending ? " ▼" : " ▲" : "";
        }

        private String href(String sortBy, boolean desc, int target) {
            return "/cmplatform/certificates?where=" + encode(where) + "&match=" + encode(match) + "&value=" + encode(value)
                    + (sortBy == null ? "" : "&sort=" + encode(sortBy) + "&dir=" + (desc ? "desc" : "asc")) + "&page=" + target
                    + "&size=" + size;
        }
    }

    /** A choice of a select: its value and what it shows. */
    @TemplateData
    record Option(String value, String label) {
    }

    /** A service of Control Center. */
    @TemplateData
    record Service(String id, String name, boolean restartRequired, List<String> reasons, String startedAt) {
    }

    /** What a change did, for the result page: a headline, lines, and the certificates it names. */
    @TemplateData
    record Outcome(String title, List<String> lines, List<Row> certificates, String pem, String download) {
    }

    /** Generate New Self-signed Certificate for one unit: its fixed key type and the lengths its profile allows. */
    @TemplateData
    record SelfSigned(List<Option> purposes, String unit, String distribution, String keyType, List<Option> keyLengths,
            String currentKeyLength, String hashAlgorithm) {
    }

    /** A pending CSR on the Download CSR page. */
    @TemplateData
    record PendingCsrRow(String unit, String subject, String key, String created, String download) {

        static PendingCsrRow of(CsrView csr) {
            return new PendingCsrRow(csr.unit(), csr.subject(), csr.keyType() + " " + csr.keySize(), time(csr.createdAt()),
                    "/cmplatform/csr/" + encode(csr.unit()) + "/pem");
        }
    }

    /**
     * One AUTHZ key as the publisher holds it; {@code webRegenerate} when the page offers
     * Regenerate (seed 002: the signing key only), else the CLI {@code command} that does.
     */
    @TemplateData
    record AuthzKey(String purpose, String algorithm, String keyId, long version, String generatedAt, String privateKey,
            boolean webRegenerate, String command) {

        static List<AuthzKey> of(AuthzKeySet keys) {
            var s = keys.signing();
            var e = keys.encryption();
            return List.of(
                    new AuthzKey(AuthzKeyPurpose.SIGNING.id, algorithm(AuthzKeyPurpose.SIGNING), s.keyId(), s.version(),
                            time(s.generatedAt()), s.privateKey().isPresent() ? "held on this node" : "not held", true,
                            "set key regen authz signing"),
                    new AuthzKey(AuthzKeyPurpose.ENCRYPTION.id, algorithm(AuthzKeyPurpose.ENCRYPTION), e.keyId(), e.version(),
                            time(e.generatedAt()), "symmetric", false, "set key regen authz encryption"));
        }

        private static String algorithm(AuthzKeyPurpose purpose) {
            return purpose.algorithm + " " + purpose.keySize;
        }
    }

    /** What GET /api/v1/ctl-status says, for the Cluster Security Mode page. */
    @TemplateData
    record CtlState(String mode, String ctlVersion, boolean updateRequired, List<CtlListing.Changed> changed,
            List<PendingChange> pending, List<CtlListing.Listed> listed) {

        static CtlState of(CtlListing.Status s) {
            String mode = SecurityMode.parse(s.clusterSecurityMode()).map(m -> m == SecurityMode.MIXED ? "Mixed mode (1)"
                    : "Non-secure mode (0)").orElse(s.clusterSecurityMode());
            return new CtlState(mode, s.ctlVersion() == null ? "none reported" : String.valueOf(s.ctlVersion()),
                    s.ctlUpdateRequired(), s.changed(), s.pending().stream().map(p -> new PendingChange(p.unit(), p.reason(),
                            p.changes(), time(p.since()))).toList(), s.listed());
        }
    }

    /** An upload since the CTL was built that calls for update CTLFile. */
    @TemplateData
    record PendingChange(String unit, String reason, int changes, String since) {
    }

    /** The Certificate Import Tool's form as submitted (or its defaults) and, after a run, the report. */
    @TemplateData
    record ImportToolPage(List<String> trustStores, String trustStore, String peerServer, String port, Report report,
            List<String> notices) {
    }

    /** A run's report: each test's state and each certificate of the presented chain. */
    @TemplateData
    record Report(boolean allSucceeded, List<ImportReport.TestState> tests, String connection, List<Presented> certificates,
            List<String> installable) {

        static Report of(ImportReport r) {
            var c = r.connection();
            return new Report(r.allSucceeded(), r.tests(), c == null ? null : c.tlsVersion() + ", " + c.cipherSuite()
                    + " (connect " + c.connectMillis() + " ms, handshake " + c.handshakeMillis() + " ms)",
                    r.certificates().stream().map(Presented::of).toList(), r.installable());
        }
    }

    /** A certificate of the peer's chain; for an issuer it did not send, only the subject is known. */
    @TemplateData
    record Presented(int position, boolean sent, String status, boolean installable, String subject, String issuer,
            String serialNumber, String validity, String certificateAuthority, String sha256) {

        static Presented of(ImportReport.PresentedCertificate p) {
            return new Presented(p.position(), p.sent(), p.status(), p.installable(), p.subject(),
                    p.issuer() == null ? "" : p.issuer(), p.serialNumber() == null ? "" : p.serialNumber(),
                    p.notBefore() == null ? "" : time(p.notBefore()) + " - " + time(p.notAfter()),
                    p.certificateAuthority() == null ? "" : p.certificateAuthority() ? "CA:TRUE" : "CA:FALSE",
                    p.sha256() == null ? "" : p.sha256());
        }
    }
}
