package io.ucfleet.node.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.quarkus.qute.TemplateData;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateQuery;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

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

    /** The signed-in account, whether it may change anything, and the token its forms carry. */
    @TemplateData
    record Session(String account, boolean admin, String token) {
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
}
