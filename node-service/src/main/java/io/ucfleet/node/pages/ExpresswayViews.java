package io.ucfleet.node.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.quarkus.qute.TemplateData;
import io.ucfleet.node.crl.CrlFetchRow;
import io.ucfleet.node.crl.Crls;
import io.ucfleet.node.expressway.TrustedCaList;
import io.ucfleet.node.inventory.CertificateEntry;

/** What the Expressway pages show, as plain values (seed 004's columns and wording). */
final class ExpresswayViews {
    private ExpresswayViews() {
    }

    /** The VCS writes dates as "Aug 28 2029". */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM dd yyyy", Locale.US).withZone(ZoneOffset.UTC);

    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    /** Server certificate page: the loaded certificate and the CSR in progress, if any. */
    @TemplateData
    /** {@code warnings}: conditions of the key in use, e.g. seed 004's key file without a trailing newline. */
    record ServerPage(String subject, String expires, boolean csrInProgress, String csrGeneratedOn, String csrSubject,
            List<String> warnings) {
    }

    /** A row of the Trusted CA certificate page: Type, Issuer, Subject, Expiration date, Validity, View. */
    @TemplateData
    record CaRow(String sha256, String type, String issuer, String subject, String expiration, String validity, String href) {
        static CaRow of(CertificateEntry e, Instant now) {
            return new CaRow(e.sha256, "Certificate", e.issuer.equals(e.subject) ? "Matches Issuer" : e.issuer, e.subject,
                    date(e.notAfter), TrustedCaList.validity(e, now), "/cmplatform/expressway/trusted-ca-certificate/" + e.sha256);
        }
    }

    /** A loaded CRL: Source, Issuer, This update, Next update, CRL number, Entries, Status. */
    @TemplateData
    record CrlLine(long id, String source, String distributionPoint, String issuer, String thisUpdate, String nextUpdate,
            String crlNumber, int entries, String status) {
        static CrlLine of(Crls.Listed l) {
            var r = l.row();
            String status = !l.signedByTrustedCa() ? "Not used: not signed by a trusted CA"
                    : l.expired() ? "Expired: its CA's certificates are treated as revoked" : "Valid";
            return new CrlLine(r.id, r.source.displayName, r.distributionPoint == null ? "" : r.distributionPoint, r.issuer,
                    Views.time(r.thisUpdate), r.nextUpdate == null ? "none" : Views.time(r.nextUpdate),
                    r.crlNumber == null ? "" : r.crlNumber, r.entries, status);
        }
    }

    /** The last download from a distribution point. */
    @TemplateData
    record FetchLine(String url, String at, boolean succeeded, String detail) {
        static FetchLine of(CrlFetchRow f) {
            return new FetchLine(f.distributionPoint, Views.time(f.attemptedAt), f.succeeded, f.detail);
        }
    }

    /** The CRL management page's form values and lists. */
    @TemplateData
    record CrlPage(boolean automatic, String distributionPoints, String dailyUpdateTime, List<FetchLine> fetches,
            List<CrlLine> crls) {
    }

    /** What a change did: a headline and lines. */
    @TemplateData
    record Done(String title, List<String> lines, String back) {
    }
}
