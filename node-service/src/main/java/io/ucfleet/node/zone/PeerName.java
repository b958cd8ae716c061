package io.ucfleet.node.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import io.ucfleet.platform.tls.HostName;

/**
 * Seed 004, appendix 1: with TLS verify mode on, the zone's peer address, an FQDN or an IP
 * address, "is used to verify against the certificate holder's name ... contained in either the
 * Subject Common Name or the Subject Alternative Name attributes". So the CN counts beside the
 * SAN. An IP peer address matches an IP address the certificate names (an iPAddress SAN, or a CN
 * that is that address), never a DNS name; an FQDN matches a dNSName or the CN, whatever the case.
 * "VCS does not support wildcard certificates": a wildcard name matches nothing.
 */
final class PeerName {
    private static final int DNS = 2;
    private static final int IP = 7;

    private PeerName() {
    }

    /** Empty when the certificate names the peer address; otherwise why not, with the names it has. */
    static Optional<String> mismatch(String peerAddress, X509Certificate certificate) {
        boolean ip = HostName.ipLiteral(peerAddress);
        List<String> dnsNames = new ArrayList<>();
        List<String> ipNames = new ArrayList<>();
        commonName(certificate).ifPresent(cn -> (HostName.ipLiteral(cn) ? ipNames : dnsNames).add(cn));
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == DNS) {
                        dnsNames.add(String.valueOf(san.get(1)));
                    } else if (type == IP) {
                        ipNames.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an undecodable SAN names nothing; the CN may still match
        }
        boolean matches = ip ? ipNames.stream().anyMatch(n -> sameAddress(n, peerAddress))
                : dnsNames.stream().anyMatch(n -> !n.contains("*") && dns(n).equals(dns(peerAddress)));
        if (matches) {
            return Optional.empty();
        }
        return Optional.of("The peer address " + peerAddress + " is " + (ip ? "an IP address" : "an FQDN")
                + "; the certificate names " + (ip ? "the IP addresses " + ipNames : "the DNS names " + dnsNames)
                + (ip ? " (its DNS names " + dnsNames + " do not count for an IP address: configure the peer's FQDN)" : "")
                + (dnsNames.stream().anyMatch(n -> n.contains("*")) ? "; wildcards are not supported" : "") + ".");
    }

    private static String dns(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean sameAddress(String a, String b) {
        Optional<InetAddress> x = address(a);
        return x.isPresent() && x.equals(address(b));
    }

    /**
     * An IP literal as an address, never resolving a name: the JDK resolves what is not a valid
     * literal, so IPv4 octets are checked here first (an IPv6 form is never looked up).
     */
    static Optional<InetAddress> address(String literal) {
        String t = literal.strip().replace("[", "").replace("]", "");
        if (!HostName.ipLiteral(t)) {
            return Optional.empty();
        }
        if (!t.contains(":")) {
            for (String octet : t.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // no readable subject: no CN
        }
        return Optional.empty();
    }
}
