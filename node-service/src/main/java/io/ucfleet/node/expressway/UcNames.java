package io.ucfleet.node.expressway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.DnsNames;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Seed 004, "Server certificates and Unified Communications": the names a UC deployment needs in
 * the server certificate's SAN, as this node knows them (node-local, as each peer's own CSR).
 * Which of them go into the SAN is {@link #SAN_SOURCES}, one row per role. The CSR includes
 * them; a server certificate whose SAN lacks one needs renewal ("A new certificate may need to
 * be produced if chat node aliases are added or renamed ... or if new TLS phone security
 * profiles are added"), which {@link #renewalWarnings()} says until such a certificate is loaded.
 */
@ApplicationScoped
public class UcNames {
    private static final Logger LOG = Logger.getLogger(UcNames.class);
    static final int MAX_NAMES = 100;

    /** One list of names of the settings. */
    public enum Field {
        /** The Chat Node Aliases configured on the IM and Presence servers (group chat over TLS, XMPP federation). */
        CHAT_NODE_ALIASES("ChatNodeAliases", "chat node alias"),
        /** The names, FQDN format, of Unified CM's phone security profiles configured for encrypted TLS. */
        PHONE_SECURITY_PROFILES("PhoneSecurityProfiles", "phone security profile name"),
        /** The domains configured for Unified Communications (Jabber users' email domains, presence domains). */
        DOMAINS("Domains", "Unified Communications domain");

        public final String json;
        final String what;

        Field(String json, String what) {
            this.json = json;
            this.what = what;
        }
    }

    /** A field whose names go into the role's SAN; {@code onlyWithXmppFederation}: only when XMPP federation is on. */
    record Source(Field field, boolean onlyWithXmppFederation) {
    }

    /**
     * Seed 004: "VCS Control server certificate requirements" (the chat node aliases it has
     * discovered, the TLS phone security profile names) and "VCS Expressway server certificate
     * requirements" (the UC domains; the same chat node aliases "if you are deploying federated
     * XMPP"). The domains go in as they are, as X8.1 asks (later releases offer collab-edge.&lt;domain&gt;).
     */
    static final Map<NodeRole, List<Source>> SAN_SOURCES = Map.of(
            NodeRole.EXPRESSWAY_C, List.of(new Source(Field.CHAT_NODE_ALIASES, false), new Source(Field.PHONE_SECURITY_PROFILES, false)),
            NodeRole.EXPRESSWAY_E, List.of(new Source(Field.DOMAINS, false), new Source(Field.CHAT_NODE_ALIASES, true)));

    /** The settings: lists in the order given, and whether XMPP federation is deployed (Expressway-E's choice). */
    public record Settings(List<String> chatNodeAliases, List<String> phoneSecurityProfiles, List<String> domains,
            boolean xmppFederation) {
        static final Settings NONE = new Settings(List.of(), List.of(), List.of(), false);

        List<String> of(Field field) {
            return switch (field) {
                case CHAT_NODE_ALIASES -> chatNodeAliases;
                case PHONE_SECURITY_PROFILES -> phoneSecurityProfiles;
                case DOMAINS -> domains;
            };
        }
    }

    @Inject
    Node node;
    @Inject
    Identities identities;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.node.config.NodeConfig config;

    /** The fields the role has: those of its SAN sources, and XMPP federation where a source depends on it. */
    public List<Field> fields() {
        return sources().stream().map(Source::field).toList();
    }

    public boolean hasXmppFederation() {
        return sources().stream().anyMatch(Source::onlyWithXmppFederation);
    }

    @Transactional
    public Settings settings() {
        requireExpressway();
        return UcNamesRow.find().map(r -> new Settings(lines(r.chatNodeAliases), lines(r.phoneSecurityProfiles),
                lines(r.ucDomains), r.xmppFederation)).orElse(Settings.NONE);
    }

    /**
     * Saves the settings whole (a list left out is empty). Each name must be a DNS name without
     * wildcard (the VCS supports none); a field the role has not is refused by name. Nothing
     * changes on a refusal.
     */
    @Transactional
    public Settings save(Settings wanted, Set<Field> given, boolean xmppFederationGiven) {
        requireExpressway();
        List<Map<String, String>> errors = new ArrayList<>();
        for (Field f : given) {
            if (!fields().contains(f)) {
                errors.add(Map.of("field", f.json, "message", "is not " + node.role().displayName + " configuration"));
            }
        }
        if (xmppFederationGiven && !hasXmppFederation()) {
            errors.add(Map.of("field", "XmppFederation", "message", "is not " + node.role().displayName + " configuration"));
        }
        for (Field f : Field.values()) {
            List<String> names = wanted.of(f);
            if (names.size() > MAX_NAMES) {
                errors.add(Map.of("field", f.json, "message", "at most " + MAX_NAMES + " names"));
            }
            for (String name : names) {
                if (name.contains("*")) {
                    errors.add(Map.of("field", f.json, "message", "\"" + name + "\" is a wildcard; the Expressway supports none"));
                } else if (!DnsNames.valid(name) || !name.contains(".")) {
                    errors.add(Map.of("field", f.json, "message", io.ucfleet.platform.problem.ProblemBody.quote(name)
                            + " is not a " + f.what + " in FQDN format"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The Unified Communications names are not valid: "
                    + String.join("; ", errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList())
                    + ". Nothing was changed.", Map.of("errors", errors));
        }
        UcNamesRow row = UcNamesRow.find().orElseGet(UcNamesRow::new);
        boolean fresh = row.updatedAt == null;
        row.chatNodeAliases = String.join("\n", distinct(wanted.chatNodeAliases()));
        row.phoneSecurityProfiles = String.join("\n", distinct(wanted.phoneSecurityProfiles()));
        row.ucDomains = String.join("\n", distinct(wanted.domains()));
        row.xmppFederation = wanted.xmppFederation();
        row.updatedAt = clock.instant();
        if (fresh) {
            row.persist();
        }
        LOG.infof("Unified Communications names saved; the server certificate's SAN now needs %s", sanNames());
        return settings();
    }

    /** The names the role's server certificate needs in its SAN, in source order (what the CSR adds). */
    @Transactional
    public List<String> sanNames() {
        if (!node.role().isExpressway()) {
            return List.of();
        }
        return sanNames(node.role(), settings());
    }

    /** The rule of {@link #SAN_SOURCES}: the role's names, in source order, each once. Pure. */
    static List<String> sanNames(NodeRole role, Settings s) {
        Set<String> names = new LinkedHashSet<>();
        for (Source source : SAN_SOURCES.getOrDefault(role, List.of())) {
            if (!source.onlyWithXmppFederation() || s.xmppFederation()) {
                names.addAll(s.of(source.field()));
            }
        }
        return List.copyOf(names);
    }

    /** The needed names the current server certificate's SAN lacks (DNS names compare without case). */
    @Transactional
    public List<String> missingFromServerCertificate() {
        if (!node.role().isExpressway()) {
            return List.of();
        }
        Set<String> san = new LinkedHashSet<>();
        serverDnsNames().forEach(n -> san.add(n.toLowerCase(Locale.ROOT)));
        return sanNames().stream().filter(n -> !san.contains(n.toLowerCase(Locale.ROOT))).toList();
    }

    /** What loading the current server certificate warns of: the cluster's names ({@link ClusterNames}) and the UC names it lacks. */
    @Transactional
    public List<String> loadedCertificateWarnings() {
        List<String> warnings = new ArrayList<>(ClusterNames.warnings(serverDnsNames(), node.fqdn(),
                config.expressway().clusterFqdn(), config.expressway().peers().orElse(List.of())));
        warnings.addAll(renewalWarnings());
        return warnings;
    }

    private List<String> serverDnsNames() {
        return CertificateFacts.of(identities.current(IdentityProfile.EXPRESSWAY_SERVER).holder()).subjectAlternativeNames()
                .stream().filter(n -> n.startsWith("DNS:")).map(n -> n.substring(4)).toList();
    }

    /** {@code GET /api/v1/node} warnings and the Server certificate page: renewal needed while names are missing. */
    @Transactional
    public List<String> renewalWarnings() {
        List<String> missing = missingFromServerCertificate();
        return missing.isEmpty() ? List.of() : List.of(IdentityProfile.EXPRESSWAY_SERVER.unit
                + ": the server certificate needs renewal: its SAN lacks the Unified Communications name(s) " + missing
                + " (seed 004); generate a CSR, which includes them, and load the signed certificate");
    }

    /** The answer of GET and PUT: the settings the role has, the SAN they make and what the certificate lacks. */
    @Transactional
    public Map<String, Object> view() {
        Settings s = settings();
        Map<String, Object> answer = new LinkedHashMap<>();
        fields().forEach(f -> answer.put(f.json, s.of(f)));
        if (hasXmppFederation()) {
            answer.put("XmppFederation", s.xmppFederation() ? "On" : "Off");
        }
        answer.put("SubjectAlternativeNames", sanNames());
        answer.put("MissingFromServerCertificate", missingFromServerCertificate());
        return answer;
    }

    private List<Source> sources() {
        return SAN_SOURCES.getOrDefault(node.role(), List.of());
    }

    private void requireExpressway() {
        if (!node.role().isExpressway()) {
            throw new DomainProblem(ProblemType.EXPRESSWAY_ONLY, "The Unified Communications names are Expressway's; "
                    + node.fqdn() + " is a " + node.role().displayName + " node.");
        }
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static List<String> distinct(List<String> names) {
        return List.copyOf(new LinkedHashSet<>(names));
    }
}
