package io.ucfleet.labca.clients;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Time;

/**
 * The time rule, read from the TBSCertificate's encoded validity (parsers normalise the offending
 * forms away): seed 002, "Generalized Time values ... must be expressed in Greenwich Mean Time
 * (GMT) and must include seconds (YYMMDDHHMMSSZ). Fractional seconds are not allowed"; and RFC
 * 5280 §4.1.2.5, which the issue adds: "dates through the year 2049 MUST be encoded as UTCTime",
 * so a GeneralizedTime before 2050 breaks it too. Pure.
 */
public final class TimeEncoding {
    private static final Pattern UTC_TIME = Pattern.compile("\\d{12}Z");
    private static final Pattern GENERALIZED_TIME = Pattern.compile("\\d{14}Z");

    private TimeEncoding() {
    }

    /** A broken time: the field ({@code validity.notBefore} / {@code validity.notAfter}) and why. */
    public record Violation(String field, String detail) {
    }

    public static Optional<Violation> check(byte[] der) {
        Certificate certificate;
        try {
            certificate = Certificate.getInstance(der);
        } catch (RuntimeException e) {
            return Optional.of(new Violation("validity", "the validity cannot be decoded"));
        }
        return check("validity.notBefore", certificate.getStartDate()).or(() -> check("validity.notAfter",
                certificate.getEndDate()));
    }

    private static Optional<Violation> check(String field, Time time) {
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
            int year = Integer.parseInt(text.substring(0, 4));
            return year >= 2050 ? Optional.empty() : Optional.of(new Violation(field, "GeneralizedTime \"" + text
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

    /** The characters as encoded: tag and length stripped. */
    private static String contents(ASN1Primitive primitive) {
        try {
            byte[] encoded = primitive.getEncoded();
            int offset = (encoded[1] & 0x80) == 0 ? 2 : 2 + (encoded[1] & 0x7f);
            return new String(encoded, offset, encoded.length - offset, StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
