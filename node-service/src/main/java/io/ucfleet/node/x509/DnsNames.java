package io.ucfleet.node.x509;

import java.util.regex.Pattern;

/** The syntax of a dNSName as the node accepts it in a SAN (RFC 1123 labels, no wildcard). Pure. */
public final class DnsNames {
    public static final Pattern SYNTAX = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    public static final int MAX_LENGTH = 253;

    private DnsNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && SYNTAX.matcher(name).matches();
    }
}
