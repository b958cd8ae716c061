package io.ucfleet.node.crl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Configuration > SIP, Certificate revocation checking (seed 004): checking mode (Auto or Off),
 * Use OCSP, Use CRLs, Allow CRL downloads from CDPs, Fallback behavior. The seed names the
 * fields and the fallback's default (Treat as not revoked); the other defaults (Auto, Yes, Yes,
 * Yes) are the X8 administrator guide's. SIP TLS zones ({@code zone.PeerCheck}) apply all five;
 * the {@code crl/check} test reads loaded CRLs only.
 */
public record SipRevocationSettings(boolean checkingEnabled, boolean useOcsp, boolean useCrls, boolean allowCdpDownloads,
        boolean fallbackRevoked) {
    public static final SipRevocationSettings DEFAULT = new SipRevocationSettings(true, true, true, true, false);

    /** From the page's or a script's text; a field left out (null) keeps its default. Every bad field named in one 400. */
    public static SipRevocationSettings parse(String mode, String useOcsp, String useCrls, String allowCdpDownloads,
            String fallback) {
        List<Map<String, String>> errors = new ArrayList<>();
        boolean checking = choice(mode, DEFAULT.checkingEnabled, "auto", "on", "off", "certificateRevocationCheckingMode",
                "must be Auto or Off", errors);
        boolean ocsp = yesNo(useOcsp, DEFAULT.useOcsp, "useOcsp", errors);
        boolean crls = yesNo(useCrls, DEFAULT.useCrls, "useCrls", errors);
        boolean cdp = yesNo(allowCdpDownloads, DEFAULT.allowCdpDownloads, "allowCrlDownloadsFromCdps", errors);
        boolean revoked = DEFAULT.fallbackRevoked;
        String f = fallback == null ? "" : fallback.strip().toLowerCase(Locale.ROOT);
        if (f.equals("treat as revoked") || f.equals("revoked")) {
            revoked = true;
        } else if (f.equals("treat as not revoked") || f.equals("not revoked") || f.equals("not-revoked")) {
            revoked = false;
        } else if (!f.isEmpty()) {
            errors.add(Map.of("field", "fallbackBehavior", "message", "must be Treat as revoked or Treat as not revoked"));
        }
        if (!errors.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The certificate revocation checking settings are not valid: "
                    + errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList() + "; nothing was saved.",
                    Map.of("errors", errors));
        }
        return new SipRevocationSettings(checking, ocsp, crls, cdp, revoked);
    }

    public String modeText() {
        return checkingEnabled ? "Auto" : "Off";
    }

    public String fallbackText() {
        return fallbackRevoked ? "Treat as revoked" : "Treat as not revoked";
    }

    private static boolean yesNo(String value, boolean dflt, String field, List<Map<String, String>> errors) {
        return choice(value, dflt, "yes", "true", "no", field, "must be Yes or No", errors);
    }

    private static boolean choice(String value, boolean dflt, String on, String alsoOn, String off, String field, String message,
            List<Map<String, String>> errors) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return dflt;
        }
        if (v.equals(on) || v.equals(alsoOn)) {
            return true;
        }
        if (v.equals(off) || v.equals("false")) {
            return false;
        }
        errors.add(Map.of("field", field, "message", message));
        return dflt;
    }
}
