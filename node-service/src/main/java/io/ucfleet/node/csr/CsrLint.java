package io.ucfleet.node.csr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What a public CA would refuse in a CSR, checked before any key is made. Each rule is one
 * named entry of {@link #RULES}; a rule answers a warning (reported with the CSR) or a refusal
 * (where the documents forbid it: the request is refused and nothing changes). Pure.
 */
public final class CsrLint {
    public enum Severity {
        WARNING, REFUSAL
    }

    /** One finding: which field, a stable code, and a sentence saying what to change. */
    public record Finding(String field, String code, Severity severity, String message) {
    }

    private record Rule(String code, Function<CsrPlan, List<Finding>> check) {
    }

    /** Characters CAs commonly reject in organisation fields (DigiCert, Sectigo, GoDaddy policies). */
    static final Pattern SPECIAL_CHARACTERS = Pattern.compile("[!@#$%^&*;<>\"|~\\\\{}\\[\\]=+]");
    static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    static final Pattern DNS_NAME = io.ucfleet.node.x509.DnsNames.SYNTAX;
    /** RSA keys above this break SIP TLS on Expressway (seed 004) and are refused by Unified CM (release 15). */
    static final int MAX_RSA_BITS = io.ucfleet.node.x509.KeySizeRule.MAX_BITS;

    private static final List<Rule> RULES = List.of(
            new Rule("common-name-required", p -> blank(p.subject().commonName())
                    ? List.of(refusal("commonName", "common-name-required", "The common name is empty; use the node FQDN."))
                    : List.of()),
            new Rule("field-length", CsrLint::fieldLengths),
            new Rule("country-code", p -> p.subject().country() != null && !p.subject().country().matches("[A-Za-z]{2}")
                    ? List.of(refusal("country", "country-code", "The country must be a two-letter ISO 3166 code (X.520), not \""
                            + p.subject().country() + "\"."))
                    : List.of()),
            new Rule("wildcard-common-name", CsrLint::wildcard),
            new Rule("ip-address-common-name", p -> isIpAddress(p.subject().commonName())
                    ? List.of(warning("commonName", "ip-address-common-name", "The common name \"" + p.subject().commonName()
                            + "\" is an IP address: public CAs refuse it, and clients that reach the node by name will not match it."))
                    : List.of()),
            new Rule("special-characters", CsrLint::specialCharacters),
            new Rule("key-too-large", p -> p.keyType() == KeyAlgorithm.RSA && p.keySize() > MAX_RSA_BITS
                    ? List.of(refusal("keyLength", "key-too-large", "RSA keys above " + MAX_RSA_BITS
                            + " bits are refused (seed 004: 8192-bit keys break SIP TLS; 4096 is the recommended maximum)."))
                    : List.of()),
            new Rule("alt-name-syntax", p -> p.extraNames().stream().filter(n -> !n.contains("*"))
                    .filter(n -> !DNS_NAME.matcher(n).matches() || n.length() > 253)
                    .map(n -> refusal("altNames", "alt-name-syntax", "\"" + n + "\" is not a DNS name.")).toList()),
            new Rule("xmpp-names", CsrLint::xmppNames));

    private CsrLint() {
    }

    /** Every finding, in rule order. */
    public static List<Finding> findings(CsrPlan plan) {
        List<Finding> findings = new ArrayList<>();
        RULES.forEach(rule -> findings.addAll(rule.check().apply(plan)));
        return findings;
    }

    /** The warnings of the plan; refuses it (400 {@code csr-refused}) when any rule refuses. */
    public static List<Finding> warningsOrRefuse(CsrPlan plan) {
        List<Finding> findings = findings(plan);
        List<Finding> refusals = findings.stream().filter(f -> f.severity() == Severity.REFUSAL).toList();
        if (!refusals.isEmpty()) {
            throw new DomainProblem(ProblemType.CSR_REFUSED, String.join(" ", refusals.stream().map(Finding::message).toList()),
                    Map.of("errors", refusals.stream().map(f -> Map.of("field", f.field(), "code", f.code(), "message",
                            f.message())).toList()));
        }
        return findings;
    }

    private static List<Finding> fieldLengths(CsrPlan plan) {
        // RFC 5280 upper bounds (ub-common-name 64, ub-organization-name 64, ...).
        var s = plan.subject();
        List<Finding> out = new ArrayList<>();
        limit(out, "commonName", s.commonName(), 64);
        limit(out, "organization", s.organization(), 64);
        limit(out, "organizationalUnit", s.organizationalUnit(), 64);
        limit(out, "locality", s.locality(), 128);
        limit(out, "state", s.state(), 128);
        return out;
    }

    private static void limit(List<Finding> out, String field, String value, int max) {
        if (value != null && value.length() > max) {
            out.add(refusal(field, "field-length", field + " has " + value.length() + " characters; RFC 5280 allows " + max + "."));
        } else if (value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            out.add(refusal(field, "field-length", field + " contains control characters."));
        } else if (value != null
                && value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            // An unpaired UTF-16 surrogate (JSON "\ud800") cannot be encoded in a certificate subject.
            out.add(refusal(field, "field-length", field + " is not valid Unicode (it holds an unpaired surrogate)."));
        }
    }

    /**
     * The release 15 security guide: "Unified Communications Manager does not support
     * certificates with wildcard entry", nor does Expressway (seed 004). Seed 000's tip that a
     * CN may start with * is what a client accepts from a server, not what a node may request.
     */
    private static List<Finding> wildcard(CsrPlan plan) {
        String cn = plan.subject().commonName();
        List<Finding> out = new ArrayList<>();
        if (cn != null && cn.contains("*")) {
            out.add(refusal("commonName", "wildcard-common-name", io.ucfleet.platform.problem.ProblemBody.quote(cn) + ": " + (plan.expressway()
                    ? "Expressway does not support wildcard certificates (seed 004); use the FQDNs in the SAN."
                    : "Unified CM does not support certificates with wildcard entries; use the node's FQDN.")));
        }
        plan.extraNames().stream().filter(n -> n.contains("*")).forEach(n -> out.add(refusal("altNames",
                "wildcard-alt-name", "\"" + n + "\": the node's certificates take no wildcard names; list each FQDN.")));
        return out;
    }

    /** RFC 4985: {@code _Service.Name}, e.g. {@code _xmpp-client.example.com}. */
    private static final Pattern SRV_NAME = Pattern.compile("_[A-Za-z0-9][A-Za-z0-9-]{0,62}\\.(.+)");

    /**
     * xmppAddr and SRVName otherNames: on the XMPP units only; an xmppAddr is a domain or a bare
     * JID {@code local@domain} (RFC 6120 §13.7.1.4), an SRVName {@code _service.domain}; no wildcards.
     */
    private static List<Finding> xmppNames(CsrPlan plan) {
        List<Finding> out = new ArrayList<>();
        if (!plan.xmppAddrs().isEmpty() || !plan.srvNames().isEmpty()) {
            if (!plan.profile().xmpp()) {
                out.add(refusal(plan.xmppAddrs().isEmpty() ? "srvNames" : "xmppAddrs", "xmpp-names-not-for-unit",
                        "Only the XMPP certificates (cup-xmpp, cup-xmpp-s2s and their -ECDSA twins) name XMPP identities; "
                                + plan.profile().unit + " does not."));
                return out;
            }
        }
        for (String jid : plan.xmppAddrs()) {
            int at = jid.indexOf('@');
            String domain = jid.substring(at + 1);
            boolean local = at < 0 || (at > 0 && jid.substring(0, at).chars().noneMatch(c -> c <= ' ' || "\"&'/:<>@".indexOf(c) >= 0));
            if (jid.contains("*") || !local || !DNS_NAME.matcher(domain).matches() || jid.length() > 1023) {
                out.add(refusal("xmppAddrs", "xmpp-addr-syntax", "\"" + jid + "\" is not an XMPP address (a domain, or"
                        + " local@domain; no wildcard)."));
            }
        }
        for (String srv : plan.srvNames()) {
            var m = SRV_NAME.matcher(srv);
            if (srv.contains("*") || !m.matches() || !DNS_NAME.matcher(m.group(1)).matches()) {
                out.add(refusal("srvNames", "srv-name-syntax", "\"" + srv + "\" is not an SRVName (RFC 4985: _service.domain,"
                        + " e.g. _xmpp-client.example.com; no wildcard)."));
            }
        }
        return out;
    }

    private static List<Finding> specialCharacters(CsrPlan plan) {
        var s = plan.subject();
        List<Finding> out = new ArrayList<>();
        Map.of("organization", Optional.ofNullable(s.organization()), "organizationalUnit",
                Optional.ofNullable(s.organizationalUnit())).forEach((field, value) -> value
                        .filter(v -> SPECIAL_CHARACTERS.matcher(v).find())
                        .ifPresent(v -> out.add(warning(field, "special-characters", field + " \"" + v
                                + "\" contains characters such as @ & ! that public CAs refuse in subject names."))));
        out.sort(java.util.Comparator.comparing(Finding::field));
        return out;
    }

    static boolean isIpAddress(String value) {
        return value != null && (IPV4.matcher(value).matches() || (value.contains(":") && value.matches("[0-9A-Fa-f:.]+")));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Finding warning(String field, String code, String message) {
        return new Finding(field, code, Severity.WARNING, message);
    }

    private static Finding refusal(String field, String code, String message) {
        return new Finding(field, code, Severity.REFUSAL, message);
    }
}
