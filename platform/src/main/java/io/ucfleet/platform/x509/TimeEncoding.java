package io.ucfleet.platform.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Time;

/**
 * The certificate time rule, once for every service, read from the encoded text of notBefore
 * and notAfter (BouncyCastle's and the JDK's parsers normalise the offending forms away).
 * {@link #form}: seed 002, "Generalized Time values for X.509 PKI certificates must be expressed
 * in Greenwich Mean Time (GMT) and must include seconds (YYMMDDHHMMSSZ). Fractional seconds are
 * not allowed" — what a node refuses on upload. {@link #formAndYears}: that, and RFC 5280
 * §4.1.2.5, "dates through the year 2049 MUST be encoded as UTCTime" — what the clients judged
 * by lab-ca's verdicts hold against a certificate.
 */
public final class TimeEncoding {
    private static final Pattern UTC_TIME = Pattern.compile("\\d{12}Z");
    private static final Pattern GENERALIZED_TIME = Pattern.compile("\\d{14}Z");

    private TimeEncoding() {
    }

    /** A broken time: {@code notBefore} or {@code notAfter}, and why. */
    public record Violation(String field, String detail) {
        /** One sentence: the field, then why. */
        public String message() {
            return field + " " + detail;
        }
    }

    public static Optional<Violation> form(Certificate certificate) {
        return check("notBefore", certificate.getStartDate(), false).or(() -> check("notAfter", certificate.getEndDate(), false));
    }

    public static Optional<Violation> formAndYears(Certificate certificate) {
        return check("notBefore", certificate.getStartDate(), true).or(() -> check("notAfter", certificate.getEndDate(), true));
    }

    private static Optional<Violation> check(String field, Time time, boolean years) {
        ASN1Primitive primitive = time.toASN1Primitive();
        String text = contents(primitive);
        if (primitive instanceof ASN1UTCTime) {
            return UTC_TIME.matcher(text).matches() ? Optional.empty()
                    : Optional.of(new Violation(field, "UTCTime \"" + text + "\" " + reason(text, 12)));
        }
        if (primitive instanceof ASN1GeneralizedTime) {
            if (!GENERALIZED_TIME.matcher(text).matches()) {
                return Optional.of(new Violation(field, "GeneralizedTime \"" + text + "\" " + reason(text, 14)));
            }
            return !years || Integer.parseInt(text.substring(0, 4)) >= 2050 ? Optional.empty()
                    : Optional.of(new Violation(field, "GeneralizedTime \"" + text
                            + "\" is a date before 2050, which must be encoded as UTCTime (YYMMDDHHMMSSZ)"));
        }
        return Optional.of(new Violation(field, "is neither UTCTime nor GeneralizedTime"));
    }

    private static String reason(String text, int digits) {
        if (text.contains(".") || text.contains(",")) {
            return "has fractional seconds";
        }
        if (!text.endsWith("Z")) {
            return "is not in GMT (must end in Z)";
        }
        if (text.length() < digits + 1) {
            return "has no seconds";
        }
        return "is not of the form " + (digits == 12 ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ");
    }

    /** The characters as encoded: tag and length stripped from the (non-DER) encoding. */
    private static String contents(ASN1Primitive primitive) {
        try {
            byte[] encoded = primitive.getEncoded();
            int offset = (encoded[1] & 0x80) == 0 ? 2 : 2 + (encoded[1] & 0x7f);
            return new String(encoded, offset, encoded.length - offset, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "?";
        }
    }
}
