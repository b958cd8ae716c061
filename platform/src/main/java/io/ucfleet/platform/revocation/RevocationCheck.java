package io.ucfleet.platform.revocation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import io.ucfleet.platform.tls.Deadline;

/**
 * One certificate's revocation status, as a client gets it: the AIA OCSP responder first (RFC
 * 6960, POST, with a nonce), then each CDP's CRL (DER, PEM, ZIP or GZIP, as seed 004 says CDPs
 * serve them). Only HTTP(S) URLs count (seed 001: "an HTTP URL in the CDP or AIA fields"). Every
 * answer is checked before it is believed: an OCSP answer signed by the issuer (or a responder it
 * delegated to with id-kp-OCSPSigning), for this CertID, current, with our nonce; a CRL signed by
 * the issuer, of the issuer. An expired CRL is seed 004's "treated as revoked". Each source gets
 * at most the caller's timeout and a bounded number of bytes; for a client that needs revocation
 * (Mobile and Remote Access) a source slower than that fails the check at once (seed 001: "Connections
 * will fail if the response time is greater than the expected 5 seconds").
 *
 * <p>The one OCSP and CDP client of ucfleet: lab-ca's client verdicts and the node's SIP TLS
 * zones both use it ({@link Sources} picks what a caller may ask, as Expressway's "Use OCSP" and
 * "Allow CRL downloads from CDPs" do).
 */
public final class RevocationCheck {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;
    private final long maxCrlBytes;
    private final long maxOcspBytes;

    public RevocationCheck(HttpClient http, ScheduledExecutorService watchdog, Clock clock, long maxCrlBytes, long maxOcspBytes) {
        this.http = http;
        this.watchdog = watchdog;
        this.clock = clock;
        this.maxCrlBytes = maxCrlBytes;
        this.maxOcspBytes = maxOcspBytes;
    }

    /** One source asked: {@code method} ocsp or crl; {@code outcome} good, revoked, crl-expired, unknown, timeout, unreachable, unusable, too-large, skipped. */
    public record Attempt(String method, String url, String outcome, long latencyMillis, String detail) {
    }

    /**
     * A certificate's status: {@code good}, {@code revoked}, {@code crl-expired}, {@code unavailable}
     * (no source gave one), {@code no-pointers} (no HTTP CDP or AIA OCSP URL), {@code not-checked}.
     */
    public record Status(CertificateRef certificate, String status, String source, String method, Long latencyMillis,
            String detail, List<Attempt> attempts) {
    }

    /** Which sources a caller may ask: OCSP responders (AIA), CRLs downloaded from CDPs, or both. */
    public enum Sources {
        OCSP_AND_CDP(true, true), OCSP_ONLY(true, false), CDP_ONLY(false, true);

        final boolean ocsp;
        final boolean cdp;

        Sources(boolean ocsp, boolean cdp) {
            this.ocsp = ocsp;
            this.cdp = cdp;
        }
    }

    public static List<String> ocspUrls(X509Certificate c) {
        List<String> urls = new ArrayList<>();
        try {
            byte[] ext = c.getExtensionValue(Extension.authorityInfoAccess.getId());
            if (ext != null) {
                for (AccessDescription d : AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                        .getAccessDescriptions()) {
                    if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                            && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                        urls.add(d.getAccessLocation().getName().toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            // an undecodable AIA points nowhere
        }
        return urls;
    }

    public static List<String> crlUrls(X509Certificate c) {
        List<String> urls = new ArrayList<>();
        try {
            byte[] ext = c.getExtensionValue(Extension.cRLDistributionPoints.getId());
            if (ext != null) {
                for (DistributionPoint p : CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                        .getDistributionPoints()) {
                    DistributionPointName name = p.getDistributionPoint();
                    if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                        for (GeneralName n : GeneralNames.getInstance(name.getName()).getNames()) {
                            if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                                urls.add(n.getName().toString());
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // an undecodable CDP points nowhere
        }
        return urls;
    }

    private static boolean http(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    /** Every source the certificate points at, OCSP first. */
    public Status check(CertificateRef ref, X509Certificate certificate, X509Certificate issuer, Duration timeout,
            boolean slowFails, Deadline deadline) {
        return check(ref, certificate, issuer, Sources.OCSP_AND_CDP, timeout, slowFails, deadline);
    }

    /**
     * @param timeout   at most this per source
     * @param slowFails a source slower than {@code timeout} ends the check as unavailable (seed 001)
     */
    public Status check(CertificateRef ref, X509Certificate certificate, X509Certificate issuer, Sources which,
            Duration timeout, boolean slowFails, Deadline deadline) {
        List<Attempt> attempts = new ArrayList<>();
        List<String[]> sources = new ArrayList<>();
        if (which.ocsp) {
            ocspUrls(certificate).forEach(u -> sources.add(new String[] { "ocsp", u }));
        }
        if (which.cdp) {
            crlUrls(certificate).forEach(u -> sources.add(new String[] { "crl", u }));
        }
        boolean any = false;
        for (String[] source : sources) {
            if (!http(source[1])) {
                attempts.add(new Attempt(source[0], source[1], "skipped", 0, "not an HTTP URL (seed 001 asks for HTTP)"));
                continue;
            }
            any = true;
            Duration limit = deadline.atMost(timeout);
            if (limit.isZero()) {
                attempts.add(new Attempt(source[0], source[1], "timeout", 0, "the verdict's deadline had passed"));
                break;
            }
            Attempt attempt = source[0].equals("ocsp") ? ocsp(source[1], certificate, issuer, limit)
                    : crl(source[1], certificate, issuer, limit);
            attempts.add(attempt);
            switch (attempt.outcome()) {
                case "good", "revoked", "crl-expired" -> {
                    return new Status(ref, attempt.outcome(), attempt.url(), attempt.method(), attempt.latencyMillis(),
                            attempt.detail(), attempts);
                }
                case "timeout" -> {
                    if (slowFails) {
                        return new Status(ref, "unavailable", attempt.url(), attempt.method(), attempt.latencyMillis(),
                                attempt.method().toUpperCase(java.util.Locale.ROOT) + " answer slower than "
                                        + timeout.toMillis() + " ms at " + attempt.url()
                                        + ": the connection fails (seed 001)", attempts);
                    }
                }
                default -> {
                    // the next source
                }
            }
        }
        if (!any) {
            return new Status(ref, "no-pointers", null, null, null, "no HTTP URL in " + switch (which) {
                case OCSP_AND_CDP -> "cRLDistributionPoints or authorityInfoAccess (OCSP)";
                case OCSP_ONLY -> "authorityInfoAccess (OCSP)";
                case CDP_ONLY -> "cRLDistributionPoints";
            }, attempts);
        }
        String summary = attempts.stream().filter(a -> !a.outcome().equals("skipped"))
                .map(a -> a.method() + " " + a.url() + ": " + a.outcome() + " (" + a.detail() + ")")
                .reduce((a, b) -> a + "; " + b).orElse("");
        return new Status(ref, "unavailable", null, null, null, "no source gave a status: " + summary, attempts);
    }

    private Attempt ocsp(String url, X509Certificate certificate, X509Certificate issuer, Duration timeout) {
        long start = System.nanoTime();
        try {
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    issuerHolder, certificate.getSerialNumber());
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            byte[] request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(new DEROctetString(nonce).getEncoded()))))
                    .build().getEncoded();
            BoundedFetch.Fetched fetched = BoundedFetch.fetch(http, URI.create(url), request, "application/ocsp-request",
                    "application/ocsp-response", timeout, maxOcspBytes, watchdog);
            return ocspAnswer(url, fetched, id, issuer, nonce);
        } catch (BoundedFetch.Failed e) {
            return new Attempt("ocsp", url, outcome(e.problem), e.millis, e.getMessage());
        } catch (Exception e) {
            return new Attempt("ocsp", url, "unusable", ms(start), "the request could not be made (" + e.getMessage() + ")");
        }
    }

    /** What an OCSP responder answered, read and checked: the attempt's outcome and why. Pure but for the clock, so it is fuzzed. */
    public Attempt ocspAnswer(String url, BoundedFetch.Fetched fetched, CertificateID id, X509Certificate issuer, byte[] nonce) {
        long ms = fetched.millis();
        OCSPResp response;
        BasicOCSPResp basic;
        try {
            response = new OCSPResp(fetched.body());
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return new Attempt("ocsp", url, "unusable", ms, "the responder answered status " + response.getStatus()
                        + " (RFC 6960: 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized)");
            }
            basic = (BasicOCSPResp) response.getResponseObject();
        } catch (Exception e) {
            return new Attempt("ocsp", url, "unusable", ms, "the answer is not an OCSP response (" + fetched.body().length
                    + " bytes)");
        }
        if (basic == null || !signedFor(basic, issuer)) {
            return new Attempt("ocsp", url, "unusable", ms, "the answer is not signed by the issuer or a responder it"
                    + " authorised");
        }
        try {
            return ocspStatus(url, ms, basic, id, nonce);
        } catch (RuntimeException e) {
            // BouncyCastle decodes the single responses, their times and statuses only when they are read
            return new Attempt("ocsp", url, "unusable", ms, "the answer is signed but its responses do not decode");
        }
    }

    /** The status for {@code id} in a signed answer; a part that does not decode throws. */
    private Attempt ocspStatus(String url, long ms, BasicOCSPResp basic, CertificateID id, byte[] nonce) {
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed != null && !nonceMatches(echoed, nonce)) {
            return new Attempt("ocsp", url, "unusable", ms, "the answer's nonce is not the request's (a replay?)");
        }
        Instant now = clock.instant();
        for (SingleResp single : basic.getResponses()) {
            if (!single.getCertID().equals(id)) {
                continue;
            }
            if (single.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                return new Attempt("ocsp", url, "unusable", ms, "thisUpdate " + single.getThisUpdate().toInstant()
                        + " is in the future");
            }
            if (single.getNextUpdate() != null && single.getNextUpdate().toInstant().isBefore(now)) {
                return new Attempt("ocsp", url, "unusable", ms, "stale: nextUpdate " + single.getNextUpdate().toInstant()
                        + " has passed");
            }
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return new Attempt("ocsp", url, "good", ms, "good, thisUpdate " + single.getThisUpdate().toInstant());
            }
            if (status instanceof RevokedStatus revoked) {
                return new Attempt("ocsp", url, "revoked", ms, "revoked at " + revoked.getRevocationTime().toInstant()
                        + (revoked.hasRevocationReason() ? ", reason " + reason(revoked.getRevocationReason()) : ""));
            }
            if (status instanceof UnknownStatus) {
                return new Attempt("ocsp", url, "unknown", ms, "the responder does not know the certificate");
            }
        }
        return new Attempt("ocsp", url, "unusable", ms, "the answer has no status for this certificate");
    }

    /** RFC 8954: extnValue is an OCTET STRING holding the nonce (an OCTET STRING); a bare echo of our bytes is accepted too. */
    private static boolean nonceMatches(Extension echoed, byte[] nonce) {
        byte[] value = echoed.getExtnValue().getOctets();
        if (java.util.Arrays.equals(value, nonce)) {
            return true;
        }
        try {
            return java.util.Arrays.equals(ASN1OctetString.getInstance(value).getOctets(), nonce);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean signedFor(BasicOCSPResp basic, X509Certificate issuer) {
        try {
            if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
                return true;
            }
        } catch (Exception e) {
            // a key of another type: try a delegated responder
        }
        X509CertificateHolder issuerHolder;
        X509CertificateHolder[] responders;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
            responders = basic.getCerts(); // decoded only now: a malformed one throws here
        } catch (Exception e) {
            return false;
        }
        for (X509CertificateHolder responder : responders) {
            try {
                boolean delegated = responder.getIssuer().equals(issuerHolder.getSubject())
                        && responder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))
                        && responder.getExtension(Extension.extendedKeyUsage) != null
                        && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions())
                                .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
                if (delegated && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
                    return true;
                }
            } catch (Exception e) {
                // not this one
            }
        }
        return false;
    }

    private Attempt crl(String url, X509Certificate certificate, X509Certificate issuer, Duration timeout) {
        BoundedFetch.Fetched fetched;
        try {
            fetched = BoundedFetch.fetch(http, URI.create(url), null, null, "*/*", timeout, maxCrlBytes, watchdog);
        } catch (BoundedFetch.Failed e) {
            return new Attempt("crl", url, outcome(e.problem), e.millis, e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Attempt("crl", url, "unusable", 0, "not a URL");
        }
        return crlAnswer(url, fetched, certificate, issuer);
    }

    /** What a CDP served, read and checked: the attempt's outcome and why. Pure but for the clock, so it is fuzzed. */
    public Attempt crlAnswer(String url, BoundedFetch.Fetched fetched, X509Certificate certificate, X509Certificate issuer) {
        long ms = fetched.millis();
        X509CRLHolder crl;
        try {
            crl = new X509CRLHolder(der(fetched.body()));
        } catch (TooLarge e) {
            return new Attempt("crl", url, "too-large", ms, "the archive holds more than " + maxCrlBytes + " bytes");
        } catch (Exception e) {
            return new Attempt("crl", url, "unusable", ms, "not a CRL (" + fetched.body().length + " bytes; DER, PEM, ZIP or"
                    + " GZIP expected)");
        }
        try {
            X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            if (!crl.getIssuer().equals(issuerName)) {
                return new Attempt("crl", url, "unusable", ms, "the CRL is of \"" + crl.getIssuer() + "\", not of the issuer");
            }
            if (!crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
                return new Attempt("crl", url, "unusable", ms, "the CRL's signature does not verify with the issuer's key");
            }
        } catch (Exception e) {
            return new Attempt("crl", url, "unusable", ms, "the CRL's signature cannot be checked");
        }
        try {
            return crlStatus(url, ms, crl, certificate);
        } catch (RuntimeException e) {
            // BouncyCastle decodes the entries, their times and reasons only when they are read
            return new Attempt("crl", url, "unusable", ms, "the CRL is signed but its entries, times or reasons do not decode");
        }
    }

    /** The certificate's status on a CRL its issuer signed; a part that does not decode throws. */
    private Attempt crlStatus(String url, long ms, X509CRLHolder crl, X509Certificate certificate) {
        Instant now = clock.instant();
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
            return new Attempt("crl", url, "crl-expired", ms, "the CRL expired at " + crl.getNextUpdate().toInstant()
                    + " (nextUpdate): every certificate of its CA is treated as revoked (seed 004)");
        }
        BigInteger serial = certificate.getSerialNumber();
        X509CRLEntryHolder entry = crl.getRevokedCertificate(serial);
        if (entry != null) {
            String reason = "";
            Extension r = entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
            if (r != null) {
                reason = ", reason " + reason(CRLReason.getInstance(r.getParsedValue()).getValue().intValue());
            }
            return new Attempt("crl", url, "revoked", ms, "on the CRL since " + entry.getRevocationDate().toInstant() + reason);
        }
        return new Attempt("crl", url, "good", ms, "not on the CRL (thisUpdate " + crl.getThisUpdate().toInstant() + ")");
    }

    private static final class TooLarge extends IOException {
    }

    /** DER out of DER, PEM, ZIP (first entry) or GZIP, at most {@code maxCrlBytes} unpacked. */
    private byte[] der(byte[] body) throws IOException {
        if (body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            return bounded(new GZIPInputStream(new ByteArrayInputStream(body)));
        }
        if (body.length > 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4) {
            ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body));
            if (zip.getNextEntry() == null) {
                throw new IOException("empty ZIP");
            }
            return der(bounded(zip));
        }
        String text = new String(body, 0, Math.min(body.length, 64), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            String all = new String(body, StandardCharsets.US_ASCII);
            int begin = all.indexOf("-----BEGIN X509 CRL-----");
            int end = all.indexOf("-----END X509 CRL-----");
            if (begin < 0 || end < begin) {
                throw new IOException("no X509 CRL block");
            }
            return Base64.getMimeDecoder().decode(all.substring(begin + 24, end));
        }
        return body;
    }

    private byte[] bounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > maxCrlBytes) {
                throw new TooLarge();
            }
        }
        return out.toByteArray();
    }

    private static String outcome(BoundedFetch.Problem problem) {
        return switch (problem) {
            case TIMEOUT -> "timeout";
            case UNREACHABLE -> "unreachable";
            case TOO_LARGE -> "too-large";
            case HTTP_STATUS, IO -> "unusable";
        };
    }

    private static final String[] REASONS = { "unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
            "superseded", "cessationOfOperation", "certificateHold", "7", "removeFromCRL", "privilegeWithdrawn", "aACompromise" };

    private static String reason(int code) {
        return code >= 0 && code < REASONS.length ? REASONS[code] : String.valueOf(code);
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
