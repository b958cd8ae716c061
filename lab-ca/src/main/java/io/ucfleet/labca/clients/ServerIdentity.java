package io.ucfleet.labca.clients;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import io.ucfleet.platform.tls.HostName;

/**
 * Does the certificate name the server the client meant (seeds 000, 001, "Server Identity in
 * Certificates"; RFC 6125)? HTTP: SAN dNSName, else Subject CN, against the name typed; XMPP:
 * SAN otherName xmppAddr, otherName SRVName ({@code _xmpp-client.DOMAIN} / {@code _xmpp-server.DOMAIN}),
 * dNSName, else CN, against the XMPP domain. A wildcard counts only as the whole leftmost label
 * ({@code *.cisco.com} matches {@code a.cisco.com}, not {@code a.b.cisco.com} nor {@code cisco.com}).
 * A client that connects by IP address matches only a SAN iPAddress: a certificate that names an
 * FQDN is a mismatch (seed 000, "Prevent Identity Mismatch"). Pure.
 */
public final class ServerIdentity {
    public static final String XMPP_ADDR = "1.3.6.1.5.5.7.8.5";
    public static final String SRV_NAME = "1.3.6.1.5.5.7.8.7";

    private ServerIdentity() {
    }

    /** The identifiers of a certificate. */
    public record Names(List<String> dnsNames, List<String> ipAddresses, List<String> xmppAddrs, List<String> srvNames,
            Optional<String> commonName) {

        public List<String> all() {
            List<String> all = new ArrayList<>();
            dnsNames.forEach(n -> all.add("DNS:" + n));
            ipAddresses.forEach(n -> all.add("IP:" + n));
            xmppAddrs.forEach(n -> all.add("xmppAddr:" + n));
            srvNames.forEach(n -> all.add("SRVName:" + n));
            return all;
        }
    }

    /** A match (field and value), or the reason there is none. */
    public record Match(boolean matched, String field, String value, ReasonCode reason, String detail) {
        static Match by(String field, String value) {
            return new Match(true, field, value, null, null);
        }

        static Match none(ReasonCode reason, String field, String detail) {
            return new Match(false, field, null, reason, detail);
        }
    }

    public static Names names(X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> xmpp = new ArrayList<>();
        List<String> srv = new ArrayList<>();
        byte[] ext = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext != null) {
            try {
                GeneralNames names = GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets());
                for (GeneralName name : names.getNames()) {
                    switch (name.getTagNo()) {
                        case GeneralName.dNSName -> dns.add(ASN1String.class.cast(name.getName()).getString());
                        case GeneralName.iPAddress -> ips.add(ip(ASN1OctetString.getInstance(name.getName()).getOctets()));
                        case GeneralName.otherName -> otherName(name.getName(), xmpp, srv);
                        default -> {
                        }
                    }
                }
            } catch (RuntimeException e) {
                // an undecodable SAN names nothing the client could match
            }
        }
        return new Names(List.copyOf(dns), List.copyOf(ips), List.copyOf(xmpp), List.copyOf(srv), commonName(certificate));
    }

    private static void otherName(ASN1Encodable value, List<String> xmpp, List<String> srv) {
        ASN1Sequence seq = ASN1Sequence.getInstance(value);
        String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
        ASN1Primitive inner = ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getBaseObject().toASN1Primitive();
        if (inner instanceof ASN1TaggedObject tagged) { // some encoders nest one more tag
            inner = tagged.getBaseObject().toASN1Primitive();
        }
        if (!(inner instanceof ASN1String text)) {
            return;
        }
        if (XMPP_ADDR.equals(oid)) {
            xmpp.add(text.getString());
        } else if (SRV_NAME.equals(oid)) {
            srv.add(text.getString());
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            RDN[] cns = subject.getRDNs(BCStyle.CN);
            return cns.length == 0 ? Optional.empty()
                    : Optional.of(IETFUtils.valueToString(cns[cns.length - 1].getFirst().getValue()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String ip(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return "?";
        }
    }

    /** An IPv4 or IPv6 literal, as typed (IPv6 possibly in brackets). */
    public static boolean ipLiteral(String name) {
        return HostName.ipLiteral(name);
    }

    /** A name that can be sent as SNI and matched as a DNS name. */
    public static boolean dnsName(String name) {
        return HostName.dnsName(name);
    }

    /** HTTP (seed 000, 001): SAN dNSName, else Subject CN; an IP reference only by SAN iPAddress. */
    public static Match http(Names names, String reference) {
        if (ipLiteral(reference)) {
            return byIp(names, reference);
        }
        if (!names.dnsNames().isEmpty()) {
            return dns(names.dnsNames(), reference, "subjectAltName.dNSName");
        }
        if (names.commonName().isPresent()) {
            return dns(List.of(names.commonName().get()), reference, "subject.CN");
        }
        return Match.none(ReasonCode.NAME_MISMATCH, "subject.CN", "the certificate has neither a SAN dNSName nor a"
                + " Subject CN; the client typed " + reference);
    }

    /**
     * XMPP (seed 001): the XMPP domain in xmppAddr, SRVName, dNSName, or (when the SAN has none of
     * those) the CN.
     */
    public static Match xmpp(Names names, String domain, Protocol protocol) {
        String d = normal(domain);
        for (String addr : names.xmppAddrs()) {
            if (normal(addr).equals(d)) {
                return Match.by("subjectAltName.otherName.xmppAddr", addr);
            }
        }
        String srv = protocol.srvPrefix + d;
        for (String name : names.srvNames()) {
            if (normal(name).equals(srv)) {
                return Match.by("subjectAltName.otherName.SRVName", name);
            }
        }
        if (!names.dnsNames().isEmpty()) {
            Match m = dns(names.dnsNames(), domain, "subjectAltName.dNSName");
            if (m.matched()) {
                return m;
            }
        }
        boolean sanIds = !names.dnsNames().isEmpty() || !names.xmppAddrs().isEmpty() || !names.srvNames().isEmpty();
        if (!sanIds && names.commonName().isPresent()) {
            Match m = dns(List.of(names.commonName().get()), domain, "subject.CN");
            if (m.matched()) {
                return m;
            }
        }
        String tried = "xmppAddr " + names.xmppAddrs() + ", SRVName " + names.srvNames() + ", dNSName " + names.dnsNames()
                + (sanIds ? "" : ", CN " + names.commonName().orElse("(none)"));
        return Match.none(ReasonCode.XMPP_DOMAIN_MISMATCH, "subjectAltName", "the XMPP domain " + domain + " (SRVName "
                + srv + ") is in none of the identifier fields: " + tried);
    }

    private static Match byIp(Names names, String reference) {
        String ref = ip(reference);
        for (String ip : names.ipAddresses()) {
            if (ip.equals(ref)) {
                return Match.by("subjectAltName.iPAddress", ip);
            }
        }
        List<String> named = new ArrayList<>(names.dnsNames());
        if (named.isEmpty()) {
            names.commonName().ifPresent(named::add);
        }
        return Match.none(ReasonCode.IP_ADDRESS_MISMATCH, names.dnsNames().isEmpty() ? "subject.CN" : "subjectAltName.dNSName",
                "the client connects by IP address " + reference + " and the certificate names " + (named.isEmpty()
                        ? "no host" : named) + (names.ipAddresses().isEmpty() ? "" : " and IP " + names.ipAddresses())
                        + "; use the FQDN");
    }

    private static String ip(String literal) {
        try {
            return InetAddress.getByName(literal.replaceAll("[\\[\\]]", "")).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    private static Match dns(List<String> presented, String reference, String field) {
        String ref = normal(reference);
        String badWildcard = null;
        for (String name : presented) {
            String n = normal(name);
            if (!n.contains("*")) {
                if (n.equals(ref)) {
                    return Match.by(field, name);
                }
            } else if (validWildcard(n)) {
                int dot = ref.indexOf('.');
                if (dot > 0 && ref.substring(dot).equals(n.substring(1))) {
                    return Match.by(field, name);
                }
            } else {
                badWildcard = name;
            }
        }
        if (badWildcard != null) {
            return Match.none(ReasonCode.WILDCARD_NOT_LEFTMOST, field, "\"" + badWildcard + "\" has a wildcard that is not"
                    + " the whole leftmost label, which the client does not accept; the client typed " + reference
                    + "; presented " + presented);
        }
        return Match.none(ReasonCode.NAME_MISMATCH, field, reference + " is not among " + presented);
    }

    /** {@code *.} followed by at least two labels, and no other {@code *}. */
    static boolean validWildcard(String name) {
        if (!name.startsWith("*.") || name.indexOf('*', 1) >= 0) {
            return false;
        }
        String rest = name.substring(2);
        return rest.contains(".") && !rest.startsWith(".") && !rest.endsWith(".");
    }

    private static String normal(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

}
