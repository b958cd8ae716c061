package io.ucfleet.labca.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the client speaks to the server, and so which identity fields it checks (seed 001,
 * "Identifier Fields"): HTTP certificates by dNSName and CN against the host name; XMPP
 * certificates by xmppAddr, SRVName, dNSName and CN against the XMPP domain.
 */
public enum Protocol {
    HTTPS("https", 443, null, null),
    /** Client to server (RFC 6120): STARTTLS on 5222, SRV-ID {@code _xmpp-client.DOMAIN}. */
    XMPP_C2S("xmpp-c2s", 5222, "jabber:client", "_xmpp-client."),
    /** Server to server: STARTTLS on 5269, SRV-ID {@code _xmpp-server.DOMAIN}. */
    XMPP_S2S("xmpp-s2s", 5269, "jabber:server", "_xmpp-server.");

    public final String id;
    public final int defaultPort;
    /** The stream's default namespace; null for HTTPS. */
    public final String streamNamespace;
    /** The SRVName service label with its dot; null for HTTPS. */
    public final String srvPrefix;

    Protocol(String id, int defaultPort, String streamNamespace, String srvPrefix) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.streamNamespace = streamNamespace;
        this.srvPrefix = srvPrefix;
    }

    public boolean xmpp() {
        return this != HTTPS;
    }

    public static Optional<Protocol> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(p -> p.id).collect(Collectors.joining(", "));
    }
}
