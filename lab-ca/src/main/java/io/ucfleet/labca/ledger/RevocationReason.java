package io.ucfleet.labca.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.CRLReason;

/**
 * RFC 5280 §5.3.1 reason codes a revocation may carry, by their RFC names. {@code removeFromCRL}
 * (8) is not one: it only un-holds an entry in a delta CRL, which the lab CA does not issue.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", CRLReason.unspecified),
    KEY_COMPROMISE("keyCompromise", CRLReason.keyCompromise),
    CA_COMPROMISE("cACompromise", CRLReason.cACompromise),
    AFFILIATION_CHANGED("affiliationChanged", CRLReason.affiliationChanged),
    SUPERSEDED("superseded", CRLReason.superseded),
    CESSATION_OF_OPERATION("cessationOfOperation", CRLReason.cessationOfOperation),
    CERTIFICATE_HOLD("certificateHold", CRLReason.certificateHold),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", CRLReason.privilegeWithdrawn),
    AA_COMPROMISE("aACompromise", CRLReason.aACompromise);

    public final String rfcName;
    public final int code;

    RevocationReason(String rfcName, int code) {
        this.rfcName = rfcName;
        this.code = code;
    }

    /** By RFC name in any case ({@code keyCompromise}, {@code keycompromise}), or as {@code key-compromise}/{@code KEY_COMPROMISE}. */
    public static Optional<RevocationReason> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String squeezed = text.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.rfcName.toLowerCase(Locale.ROOT).equals(squeezed)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(r -> r.rfcName).collect(Collectors.joining(", "));
    }
}
