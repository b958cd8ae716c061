package io.ucfleet.node.importtool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.platform.tls.HostName;

/**
 * Judges the chain a peer presented against a trust store, as the Certificate Import Tool does:
 * the path from the peer's certificate up to a self-signed root (issuers from what the peer sent
 * first, then from the store), a status for every certificate on it, and the state of each
 * {@link ImportTest} after the connection. Pure: the store is a list of certificates.
 */
public final class ChainAssessment {
    /** Longer paths are not real PKIs; the bound also ends a loop of cross-signed certificates. */
    static final int MAX_DEPTH = 10;

    private ChainAssessment() {
    }

    /** A certificate of the path, or the issuer the path needs and nobody sent ({@code facts} null). */
    public record Link(CertificateFacts facts, X509CertificateHolder holder, String missingIssuer, boolean sent,
            CertificateStatus status) {

        /** On approval the tool installs only CA certificates (or a self-signed peer certificate) the peer sent. */
        public boolean installable() {
            return status == CertificateStatus.MISSING;
        }
    }

    public record Assessment(List<Link> path, List<Link> notInPath, List<ImportReport.TestState> tests) {
    }

    /**
     * @param host      the Peer Server exactly as entered
     * @param presented the chain in the order the peer sent it, its own certificate first
     * @param store     the trust store's certificates
     */
    public static Assessment assess(String host, List<X509CertificateHolder> presented, List<X509CertificateHolder> store,
            String storeName) {
        Set<String> trusted = store.stream().map(c -> CertificateFacts.of(c).sha256()).collect(Collectors.toSet());
        List<X509CertificateHolder> path = new ArrayList<>();
        List<Boolean> sent = new ArrayList<>();
        X509CertificateHolder current = presented.get(0);
        path.add(current);
        sent.add(true);
        String missingIssuer = null;
        while (!CertificateFacts.isSelfSigned(current) && path.size() < MAX_DEPTH) {
            X509CertificateHolder child = current;
            Optional<X509CertificateHolder> bySent = issuerIn(child, presented, path);
            Optional<X509CertificateHolder> issuer = bySent.or(() -> issuerIn(child, store, path));
            if (issuer.isEmpty()) {
                missingIssuer = current.getIssuer().toString();
                break;
            }
            current = issuer.get();
            path.add(current);
            sent.add(bySent.isPresent());
        }

        List<Link> links = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            X509CertificateHolder c = path.get(i);
            CertificateFacts f = CertificateFacts.of(c);
            boolean authority = i > 0 || Boolean.TRUE.equals(f.certificateAuthority()) || CertificateFacts.isSelfSigned(c);
            CertificateStatus status = trusted.contains(f.sha256()) ? CertificateStatus.TRUSTED
                    : authority ? CertificateStatus.MISSING : CertificateStatus.PEER;
            links.add(new Link(f, c, null, sent.get(i), status));
        }
        if (missingIssuer != null) {
            links.add(new Link(null, null, missingIssuer, false, CertificateStatus.MISSING_NOT_SENT));
        }
        List<Link> notInPath = presented.stream().filter(c -> path.stream().noneMatch(p -> p == c)).map(c -> {
            CertificateFacts f = CertificateFacts.of(c);
            return new Link(f, c, null, true, trusted.contains(f.sha256()) ? CertificateStatus.TRUSTED
                    : CertificateStatus.NOT_IN_CHAIN);
        }).toList();

        List<ImportReport.TestState> tests = new ArrayList<>();
        tests.add(ImportReport.TestState.succeeded(ImportTest.CONNECTED, "The peer presented " + presented.size()
                + " certificate(s)."));
        tests.add(nameTest(host, links.get(0).facts()));
        Link top = links.get(links.size() - 1);
        tests.add(top.status() == CertificateStatus.MISSING_NOT_SENT
                ? ImportReport.TestState.failed(ImportTest.CHAIN_COMPLETE, "The chain ends at \"" + path.get(path.size() - 1)
                        .getSubject() + "\", whose issuer \"" + top.missingIssuer() + "\" the peer did not send and "
                        + storeName + " does not hold.")
                : path.size() >= MAX_DEPTH && !CertificateFacts.isSelfSigned(path.get(path.size() - 1))
                        ? ImportReport.TestState.failed(ImportTest.CHAIN_COMPLETE, "The chain is longer than " + MAX_DEPTH
                                + " certificates without reaching a self-signed root.")
                        : ImportReport.TestState.succeeded(ImportTest.CHAIN_COMPLETE, "The chain reaches the self-signed root \""
                                + path.get(path.size() - 1).getSubject() + "\"."));
        List<Link> missing = links.stream().filter(l -> l.status() == CertificateStatus.MISSING
                || l.status() == CertificateStatus.MISSING_NOT_SENT).toList();
        tests.add(missing.isEmpty()
                ? ImportReport.TestState.succeeded(ImportTest.CERTIFICATES_TRUSTED, "Every CA certificate of the chain is in "
                        + storeName + ".")
                : ImportReport.TestState.failed(ImportTest.CERTIFICATES_TRUSTED, storeName + " is missing "
                        + missing.stream().map(ChainAssessment::name).toList() + "."));
        List<Link> notSent = missing.stream().filter(l -> l.status() == CertificateStatus.MISSING_NOT_SENT).toList();
        tests.add(notSent.isEmpty()
                ? ImportReport.TestState.succeeded(ImportTest.MISSING_CA_SENT, missing.isEmpty()
                        ? "No CA certificate is missing."
                        : "The peer sent every missing CA certificate; approve to install " + missing.size() + " of them.")
                : ImportReport.TestState.failed(ImportTest.MISSING_CA_SENT, "The peer did not send the CA certificate "
                        + notSent.stream().map(ChainAssessment::name).toList() + ": it cannot be imported by this tool;"
                        + " upload it by hand in Certificate Management (Security > Certificate Management > Upload"
                        + " Certificate, " + storeName + "), then run the tool again."));
        return new Assessment(links, notInPath, tests);
    }

    /** The issuer of {@code child} among {@code candidates}: by name and signature, not already on the path. */
    private static Optional<X509CertificateHolder> issuerIn(X509CertificateHolder child, List<X509CertificateHolder> candidates,
            List<X509CertificateHolder> path) {
        X500Name issuer = child.getIssuer();
        return candidates.stream().filter(c -> c.getSubject().equals(issuer) && path.stream().noneMatch(p -> p.equals(c))
                && CertificateFacts.isSignedBy(child, c.getSubjectPublicKeyInfo())).findFirst();
    }

    private static String name(Link l) {
        return l.facts() == null ? l.missingIssuer() : l.facts().subject();
    }

    /** Exact: a SAN dNSName or the CN equal to the name (DNS names ignore case), a SAN iPAddress equal to the address. */
    static ImportReport.TestState nameTest(String host, CertificateFacts peer) {
        List<String> names = new ArrayList<>(peer.subjectAlternativeNames());
        Optional<String> matched;
        if (HostName.ipLiteral(host)) {
            String address = canonicalAddress(host);
            matched = names.stream().filter(n -> n.startsWith("IP:") && n.substring(3).equals(address)).findFirst()
                    .or(() -> Optional.ofNullable(peer.commonName()).filter(cn -> cn.equals(host)).map(cn -> "CN:" + cn));
        } else {
            String wanted = host.toLowerCase(Locale.ROOT);
            matched = names.stream().filter(n -> n.startsWith("DNS:") && n.substring(4).toLowerCase(Locale.ROOT).equals(wanted))
                    .findFirst().or(() -> Optional.ofNullable(peer.commonName())
                            .filter(cn -> cn.toLowerCase(Locale.ROOT).equals(wanted)).map(cn -> "CN:" + cn));
        }
        if (matched.isPresent()) {
            return ImportReport.TestState.succeeded(ImportTest.PEER_NAME_MATCHES, "The peer's certificate names \"" + host
                    + "\" (" + matched.get() + ").");
        }
        return ImportReport.TestState.failed(ImportTest.PEER_NAME_MATCHES, "The peer's certificate names "
                + (peer.commonName() == null ? "no CN" : "CN \"" + peer.commonName() + "\"")
                + (names.isEmpty() ? "" : " and " + names) + ", not \"" + host + "\" as entered: enter the peer's name"
                + " exactly as its certificate gives it (IP address, host name or FQDN).");
    }

    private static String canonicalAddress(String literal) {
        try {
            return InetAddress.getByName(literal.strip().replaceAll("[\\[\\]]", "")).getHostAddress();
        } catch (UnknownHostException e) {
            return literal; // a literal never needs a look-up; one that fails to parse matches nothing
        }
    }
}
