package io.ucfleet.node.importtool;

import java.util.List;
import java.util.Map;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.HostName;

/**
 * The tool's form (seed 003, step 1): the Certificate Trust Store (cup-trust when not given), the
 * Peer Server as an IP address, host name or FQDN, and its port.
 */
public record PeerServer(String trustStore, String peerServer, Integer port) {
    /** Longest FQDN (RFC 1035). */
    static final int MAX_HOST = 253;

    /** This request with the default store, or a 400 naming the first bad field. */
    public PeerServer validated(String defaultStore) {
        if (peerServer == null || peerServer.isBlank()) {
            throw invalid("peerServer", "is required: the IP address, host name or FQDN of the peer server");
        }
        if (peerServer.length() > MAX_HOST || !peerServer.strip().equals(peerServer)
                || !(HostName.ipLiteral(peerServer) || HostName.dnsName(peerServer))) {
            throw invalid("peerServer", "must be an IP address, host name or FQDN (letters, digits, '.', '-')");
        }
        if (port == null || port < 1 || port > 65535) {
            throw invalid("port", "is required: the peer server's TLS port, 1 to 65535");
        }
        return new PeerServer(trustStore == null ? defaultStore : trustStore, peerServer, port);
    }

    private static DomainProblem invalid(String field, String message) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, "Field \"" + field + "\" " + message + ".",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
