package io.ucfleet.node.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Time;

/**
 * Seed 002: "Generalized Time values for X.509 PKI certificates must be expressed in
 * Greenwich Mean Time (GMT) and must include seconds (YYMMDDHHMMSSZ). Fractional seconds are
 * not allowed." Checked on the encoded text of notBefore and notAfter, since parsers
 * (BouncyCastle's and the JDK's) normalise the offending forms away.
 */
public final class TimeEncodingRule {
    private static final Pattern UTC_TIME = Pattern.compile("\\d{12}Z");
    private static final Pattern GENERALIZED_TIME = Pattern.compile("\\d{14}Z");

    private TimeEncodingRule() {
    }

    /** Why the certificate breaks the rule, or empty when both times are well formed. */
    public static Optional<String> violation(Certificate certificate) {
        return check("notBefore", certificate.getStartDate())
                .or(() -> check("notAfter", certificate.getEndDate()));
    }

    private static Optional<String> check(String field, Time time) {
        ASN1Primitive primitive = time.toASN1Primitive();
        String text = contents(primitive);
        if (primitive instanceof ASN1UTCTime) {
            return UTC_TIME.matcher(text).matches() ? Optional.empty()
                    : Optional.of(field + " UTCTime \"" + text + "\" " + reason(text, 12));
        }
        if (primitive instanceof ASN1GeneralizedTime) {
            return GENERALIZED_TIME.matcher(text).matches() ? Optional.empty()
                    : Optional.of(field + " GeneralizedTime \"" + text + "\" " + reason(text, 14));
        }
        return Optional.of(field + " is neither UTCTime nor GeneralizedTime");
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
            throw new UncheckedIOException(e);
        }
    }
}
