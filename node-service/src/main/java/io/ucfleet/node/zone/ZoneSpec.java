package io.ucfleet.node.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.HostName;

/**
 * A zone's configuration: name, type, peer address (an FQDN or an IP address, appendix 1),
 * port and TLS verify mode. Defaults where a real Expressway has them: port 5061 (SIP TLS) and
 * TLS verify mode Off (the Expressway's default for a new zone; seed 004 asks to turn it on).
 */
public record ZoneSpec(String name, ZoneType type, String peerAddress, int port, boolean tlsVerify) {
    public static final int SIP_TLS_PORT = 5061;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,49}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** The fields as a script or the page sends them; null is "left out". */
    public record Fields(String name, String type, String peerAddress, String port, String tlsVerifyMode) {
    }

    /**
     * A new zone from {@code f}, or {@code base} changed by the fields given (the name cannot
     * change). Every bad field is named in one 400; nothing is stored.
     */
    public static ZoneSpec parse(Fields f, ZoneSpec base) {
        List<Map<String, String>> errors = new ArrayList<>();
        String name = base == null ? null : base.name;
        if (f.name() != null) {
            String n = f.name().strip();
            if (base != null && !n.equals(base.name)) {
                errors.add(error("Name", "cannot be changed (it is " + base.name + "); delete the zone and create another"));
            } else if (!NAME.matcher(n).matches()) {
                errors.add(error("Name", "must be 1 to 50 letters, digits, spaces, dots, hyphens or underscores, starting with a"
                        + " letter or digit"));
            } else {
                name = n;
            }
        } else if (base == null) {
            errors.add(error("Name", "is required"));
        }
        ZoneType type = base == null ? null : base.type;
        if (f.type() != null) {
            type = ZoneType.parse(f.type()).orElse(null);
            if (type == null) {
                errors.add(error("Type", "must be Neighbor or TraversalClient"));
            }
        } else if (base == null) {
            errors.add(error("Type", "is required (Neighbor or TraversalClient)"));
        }
        String peer = base == null ? null : base.peerAddress;
        if (f.peerAddress() != null) {
            peer = f.peerAddress().strip();
            String problem = peerAddressProblem(peer);
            if (problem != null) {
                errors.add(error("PeerAddress", problem));
            }
        } else if (base == null) {
            errors.add(error("PeerAddress", "is required (the peer's FQDN or IP address)"));
        }
        int port = base == null ? SIP_TLS_PORT : base.port;
        if (f.port() != null && !f.port().isBlank()) {
            try {
                port = Integer.parseInt(f.port().strip());
                if (port < 1 || port > 65535) {
                    errors.add(error("Port", "must be from 1 to 65535"));
                }
            } catch (NumberFormatException e) {
                errors.add(error("Port", "must be a whole number from 1 to 65535"));
            }
        }
        boolean verify = base != null && base.tlsVerify;
        if (f.tlsVerifyMode() != null && !f.tlsVerifyMode().isBlank()) {
            switch (f.tlsVerifyMode().strip().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes" -> verify = true;
                case "off", "false", "no" -> verify = false;
                default -> errors.add(error("TLSVerifyMode", "must be On or Off"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The zone is not valid: " + errors.stream()
                    .map(e -> e.get("field") + " " + e.get("message")).toList() + "; nothing was saved.",
                    Map.of("errors", errors));
        }
        return new ZoneSpec(name, type, peer, port, verify);
    }

    /** Null when {@code peer} is an IP address or a DNS name without wildcards; otherwise why not. */
    static String peerAddressProblem(String peer) {
        if (peer.isEmpty()) {
            return "is required (the peer's FQDN or IP address)";
        }
        if (HostName.ipLiteral(peer)) {
            return PeerName.address(peer).isPresent() ? null : "is not a valid IP address";
        }
        if (peer.contains("*")) {
            return "must be an FQDN or IP address; wildcards are not supported";
        }
        String name = peer.endsWith(".") ? peer.substring(0, peer.length() - 1) : peer;
        if (name.length() > 253 || name.isEmpty()) {
            return "must be an FQDN of at most 253 characters, or an IP address";
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return "must be an FQDN (labels of letters, digits and hyphens) or an IP address";
            }
        }
        return null;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
