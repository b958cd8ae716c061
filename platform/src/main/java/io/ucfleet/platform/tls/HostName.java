package io.ucfleet.platform.tls;

import java.util.regex.Pattern;

/**
 * What a user typed as a server: an IP literal or a DNS name. Decides whether a client sends it as
 * SNI (RFC 6066 §3: never an IP literal) and how a certificate's identity is matched against it.
 */
public final class HostName {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostName() {
    }

    /** An IPv4 or IPv6 literal, as typed (IPv6 possibly in brackets). */
    public static boolean ipLiteral(String name) {
        String n = name.strip();
        return IPV4.matcher(n).matches() || (n.contains(":") && n.replaceAll("[\\[\\]]", "").matches("[0-9A-Fa-f:.]+"));
    }

    /** A name that can be sent as SNI and matched as a DNS name. */
    public static boolean dnsName(String name) {
        return name != null && !name.isBlank() && !ipLiteral(name) && name.matches("[A-Za-z0-9._-]+");
    }
}
