package io.ucfleet.node.securitysettings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * IM and Presence's System > Security > Settings, the part about certificates: "Use Domain Name
 * for XMPP Certificate Subject Alternative Name" and "Domain name for XMPP Server-to-Server
 * Certificate Subject Alternative Name" (seed 001, "Provide XMPP Domain to Clients"). Checked,
 * the XMPP certificates made from then on (CSRs and regenerations of cup-xmpp and cup-xmpp-s2s,
 * RSA and EC) carry the XMPP domain, and the field's domain, as SAN dNSNames, so that clients,
 * which match the XMPP domain and not the FQDN (seed 001), find it. Certificates already made
 * are not changed: the answer says to regenerate them, as the real page does.
 */
@ApplicationScoped
public class SecuritySettings {
    private static final Logger LOG = Logger.getLogger(SecuritySettings.class);
    /** A host name: letter-digit-hyphen labels of 1 to 63, no wildcard; one label or more. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    /** The page as saved, with the XMPP domain it applies. */
    public record Settings(boolean useDomainNameForXmppCertificateSan, String xmppServerToServerSanDomain, String xmppDomain) {
    }

    /** After a save: the settings, and what to do for them to reach the certificates. */
    public record Saved(Settings settings, List<String> nextSteps) {
    }

    /** The XMPP (presence) domain: configured, or the node's DNS domain as IM and Presence defaults to. */
    public String xmppDomain() {
        return config.xmpp().domain().map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .orElseGet(() -> {
                    String fqdn = node.fqdn().toLowerCase(Locale.ROOT);
                    int dot = fqdn.indexOf('.');
                    return dot < 0 ? fqdn : fqdn.substring(dot + 1);
                });
    }

    @Transactional
    public Settings current() {
        requireImAndPresence();
        return read();
    }

    /** Saves the page; null fields keep their value. A blank domain clears the field. */
    @Transactional
    public Saved save(Boolean useDomainName, String serverToServerDomain) {
        requireImAndPresence();
        String domain = serverToServerDomain == null ? null : serverToServerDomain.strip();
        if (domain != null && !domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Field \"xmppServerToServerSanDomain\": \"" + domain
                    + "\" is not a domain name (letters, digits and hyphens in dot-separated labels; no wildcard).",
                    Map.of("errors", List.of(Map.of("field", "xmppServerToServerSanDomain", "message", "not a domain name"))));
        }
        SecuritySettingsRow row = SecuritySettingsRow.findById(SecuritySettingsRow.ONLY, LockModeType.PESSIMISTIC_WRITE);
        boolean created = row == null;
        if (created) {
            row = new SecuritySettingsRow();
            row.id = SecuritySettingsRow.ONLY;
        }
        Settings before = created ? new Settings(false, null, xmppDomain()) : settings(row);
        if (useDomainName != null) {
            row.useDomainForXmppSan = useDomainName;
        }
        if (domain != null) {
            row.xmppServerToServerSanDomain = domain.isEmpty() ? null : domain.toLowerCase(Locale.ROOT);
        }
        row.updatedAt = clock.instant();
        if (created) {
            row.persist();
        }
        Settings after = settings(row);
        List<String> next = new ArrayList<>();
        if (!sanNames(before).equals(sanNames(after))) {
            next.add("Regenerate cup-xmpp and cup-xmpp-s2s (and their -ECDSA twins), or generate new CSRs for them, so"
                    + " that their Subject Alternative Name " + (sanNames(after).isEmpty() ? "no longer carries the domain"
                            : "carries " + sanNames(after)) + "; certificates already made keep their names.");
            next.add("Then restart Cisco XCP Router so that the XMPP ports present the new certificates.");
        }
        LOG.infof("security settings saved: use domain name for XMPP SAN %s, server-to-server SAN domain %s",
                after.useDomainNameForXmppCertificateSan(), after.xmppServerToServerSanDomain());
        return new Saved(after, next);
    }

    /**
     * The SAN dNSNames, beyond the node's FQDNs, that a new certificate or CSR of {@code profile}
     * carries: the XMPP domain and the server-to-server field's domain, for the XMPP certificates
     * of an IM and Presence node whose box is checked; none otherwise. Runs in the caller's transaction.
     */
    public List<String> xmppSanNames(IdentityProfile profile) {
        if (node.role() != NodeRole.IM_AND_PRESENCE || !profile.xmpp()) {
            return List.of();
        }
        return sanNames(read());
    }

    private Settings read() {
        return Optional.ofNullable(SecuritySettingsRow.<SecuritySettingsRow>findById(SecuritySettingsRow.ONLY))
                .map(this::settings).orElseGet(() -> new Settings(false, null, xmppDomain()));
    }

    private Settings settings(SecuritySettingsRow row) {
        return new Settings(row.useDomainForXmppSan, row.xmppServerToServerSanDomain, xmppDomain());
    }

    private static List<String> sanNames(Settings settings) {
        if (!settings.useDomainNameForXmppCertificateSan()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(List.of(settings.xmppDomain()));
        if (settings.xmppServerToServerSanDomain() != null && !names.contains(settings.xmppServerToServerSanDomain())) {
            names.add(settings.xmppServerToServerSanDomain());
        }
        return names;
    }

    private void requireImAndPresence() {
        if (node.role() != NodeRole.IM_AND_PRESENCE) {
            throw new DomainProblem(ProblemType.IM_AND_PRESENCE_ONLY, "System > Security > Settings (XMPP certificate settings) is a"
                    + " page of IM and Presence nodes; this is a " + node.role().displayName + " node.");
        }
    }
}
