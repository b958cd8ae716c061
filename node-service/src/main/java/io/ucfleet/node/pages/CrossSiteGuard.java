package io.ucfleet.node.pages;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Cross-site request forgery defence for every form POST of the pages: a synchronizer token
 * (expiry and HMAC-SHA256 over the account and that expiry, with a key made at start, so no
 * state is kept and a restart invalidates every token) in each form, and the request's Origin
 * (or Referer) must be this server. The session cookie is SameSite=Strict besides
 * (application.properties).
 */
@ApplicationScoped
public class CrossSiteGuard {
    static final String FIELD = "csrf-token";
    private static final Duration VALIDITY = Duration.ofHours(8);

    private final byte[] key = new byte[32];

    @Inject
    Clock clock;

    CrossSiteGuard() {
        new SecureRandom().nextBytes(key);
    }

    /** The token for forms shown to {@code account}. */
    public String token(String account) {
        long expiry = clock.instant().plus(VALIDITY).getEpochSecond();
        return expiry + "." + mac(account, expiry);
    }

    /**
     * Refuses (403) a POST whose token was not made for {@code account} or has expired, or that
     * comes from another origin than {@code self} (scheme://host:port of this server).
     */
    public void check(String account, String token, String origin, String referer, URI self) {
        String own = self.getScheme() + "://" + self.getRawAuthority();
        if (origin != null ? !origin.equals(own) : referer != null && !(referer.equals(own) || referer.startsWith(own + "/"))) {
            throw refused("The request comes from another site (" + (origin != null ? "Origin " + origin : "Referer " + referer)
                    + "), not " + own + ".");
        }
        if (token == null || token.isEmpty()) {
            throw refused("The form has no " + FIELD + "; open the page again and resubmit.");
        }
        int dot = token.indexOf('.');
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            throw refused("The form's " + FIELD + " is not valid; open the page again and resubmit.");
        }
        byte[] expected = mac(account, expiry).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw refused("The form's " + FIELD + " is not valid for this account; open the page again and resubmit.");
        }
        if (clock.instant().getEpochSecond() > expiry) {
            throw refused("The form's " + FIELD + " has expired; open the page again and resubmit.");
        }
    }

    private String mac(String account, long expiry) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = hmac.doFinal((account + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static PageRefusal refused(String detail) {
        return new PageRefusal(403, "Cross-site request refused", detail + " Nothing was changed.");
    }
}
