package io.ucfleet.node.csr;

import java.util.List;

import io.ucfleet.node.profile.KeyAlgorithm;

/**
 * What an administrator asks for in "Generate CSR". Null members take the defaults: CN the
 * node FQDN ({@code <host>-ms.<domain>} for multi-server, as Unified CM names it), the other
 * subject fields from the node's configuration, the unit's key family and default size, SHA-256.
 */
public record CsrRequest(String unit, Distribution distribution, String commonName, String organization,
        String organizationalUnit, String locality, String state, String country, KeyAlgorithm keyType,
        Integer keySize, HashAlgorithm hash, List<String> altNames, List<String> xmppAddrs, List<String> srvNames,
        String email) {

    /** An e-mail address as a subject's emailAddress (an IA5String) takes it: ASCII, one @, no spaces. */
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[\\x21-\\x3F\\x41-\\x7E]+@[\\x21-\\x3F\\x41-\\x7E]+");

    /** Extra SAN names per CSR: public CAs cap SAN certificates at 100 to 250 names. */
    public static final int MAX_ALT_NAMES = 100;

    public CsrRequest {
        altNames = altNames == null ? List.of() : List.copyOf(altNames);
        xmppAddrs = xmppAddrs == null ? List.of() : List.copyOf(xmppAddrs);
        srvNames = srvNames == null ? List.of() : List.copyOf(srvNames);
        distribution = distribution == null ? Distribution.THIS_SERVER : distribution;
        hash = hash == null ? HashAlgorithm.SHA256 : hash;
    }

    /**
     * From the fields as the APIs name them; {@code keyType} {@code rsa}/{@code ec},
     * {@code hashAlgorithm} {@code sha256}/{@code sha384}/{@code sha512},
     * {@code distribution} {@code this-server}/{@code multi-server}; each unknown value is a 400
     * naming the field.
     */
    public static CsrRequest of(String unit, String distribution, String commonName, String organization,
            String organizationalUnit, String locality, String state, String country, String keyType, Integer keyLength,
            String hashAlgorithm, List<String> altNames) {
        return of(unit, distribution, commonName, organization, organizationalUnit, locality, state, country, keyType,
                keyLength, hashAlgorithm, altNames, null, null);
    }

    /**
     * As above, with the XMPP otherNames of the SAN (native API): {@code xmppAddrs} (id-on-xmppAddr)
     * and {@code srvNames} (SRVName, e.g. {@code _xmpp-client.example.com}), for the XMPP certificates.
     */
    public static CsrRequest of(String unit, String distribution, String commonName, String organization,
            String organizationalUnit, String locality, String state, String country, String keyType, Integer keyLength,
            String hashAlgorithm, List<String> altNames, List<String> xmppAddrs, List<String> srvNames) {
        Distribution d = distribution == null ? null : Distribution.byId(distribution.strip()).orElseThrow(() ->
                invalid("distribution", "\"" + distribution + "\" is not a distribution; use this-server or multi-server"));
        KeyAlgorithm k = keyType == null ? null : switch (keyType.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "RSA" -> KeyAlgorithm.RSA;
            case "EC", "ECDSA" -> KeyAlgorithm.EC;
            default -> throw invalid("keyType", "\"" + keyType + "\" is not a key type; use rsa or ec");
        };
        HashAlgorithm h = hashAlgorithm == null ? null : HashAlgorithm.byId(hashAlgorithm.strip()).orElseThrow(() ->
                invalid("hashAlgorithm", "\"" + hashAlgorithm + "\" is not a hash; use sha256, sha384 or sha512"));
        if (altNames != null && altNames.size() > MAX_ALT_NAMES) {
            throw invalid("altNames", "holds " + altNames.size() + " names; at most " + MAX_ALT_NAMES + " are accepted");
        }
        if (altNames != null && altNames.stream().anyMatch(java.util.Objects::isNull)) {
            throw invalid("altNames", "must be DNS names, not null");
        }
        for (var names : java.util.Map.of("xmppAddrs", xmppAddrs == null ? List.<String>of() : xmppAddrs, "srvNames",
                srvNames == null ? List.<String>of() : srvNames).entrySet()) {
            if (names.getValue().size() > MAX_ALT_NAMES) {
                throw invalid(names.getKey(), "holds " + names.getValue().size() + " names; at most " + MAX_ALT_NAMES
                        + " are accepted");
            }
            if (names.getValue().stream().anyMatch(n -> n == null || n.isBlank())) {
                throw invalid(names.getKey(), "must be names, not null or blank");
            }
        }
        return new CsrRequest(unit, d, blankToNull(commonName), blankToNull(organization), blankToNull(organizationalUnit),
                blankToNull(locality), blankToNull(state), blankToNull(country), k, keyLength, h, altNames,
                xmppAddrs == null ? null : xmppAddrs.stream().map(String::strip).toList(),
                srvNames == null ? null : srvNames.stream().map(String::strip).toList(), null);
    }

    /** This request with an e-mail address in the subject (the Expressway CSR form's Email); blank means none. */
    public CsrRequest withEmail(String address) {
        String value = blankToNull(address);
        if (value != null && (value.strip().length() > 255 || !EMAIL.matcher(value.strip()).matches())) {
            throw invalid("Email", "\"" + value + "\" is not an e-mail address");
        }
        return new CsrRequest(unit, distribution, commonName, organization, organizationalUnit, locality, state, country,
                keyType, keySize, hash, altNames, xmppAddrs, srvNames, value == null ? null : value.strip());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static io.ucfleet.platform.problem.DomainProblem invalid(String field, String message) {
        return new io.ucfleet.platform.problem.DomainProblem(io.ucfleet.platform.problem.ProblemType.INVALID_REQUEST,
                "Field \"" + field + "\" " + message + ".", java.util.Map.of("errors", List.of(java.util.Map.of("field", field,
                        "message", message))));
    }
}
