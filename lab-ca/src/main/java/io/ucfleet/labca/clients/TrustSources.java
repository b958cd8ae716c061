package io.ucfleet.labca.clients;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.labca.x509.Fingerprint;
import io.ucfleet.labca.x509.Pem;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.Deadline;

/**
 * What the client trusts: a PEM bundle the user gives; the cluster's tomcat-trust as seed 001's
 * procedure makes it ("download the tomcat-trust certificate" of each server, "concatenate the
 * certificates into a single file with the extension .pem"), read through each node's own API
 * ({@code GET /api/v1/certificates?unit=tomcat-trust}, then each one's
 * {@code /api/v1/certificates/tomcat-trust/{sha256}/pem}) and deduplicated by SHA-256; or the
 * system roots of this machine (the JDK's default trust store, Debian's ca-certificates).
 */
public final class TrustSources {
    public static final String TOMCAT_TRUST = "tomcat-trust";
    public static final int MAX_NODES = 50;

    private TrustSources() {
    }

    /** {@code source}: bundle, nodes or system; {@code nodes}: how many certificates each node's tomcat-trust had. */
    public record TrustBundle(String source, List<X509Certificate> certificates, Map<String, Integer> nodes) {
        /** The concatenated PEM, in order (seed 001's single .pem file). */
        public String pem() {
            StringBuilder out = new StringBuilder();
            for (X509Certificate c : certificates) {
                try {
                    out.append(Pem.certificate(c.getEncoded()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.toString();
        }
    }

    /** CERTIFICATE blocks only: any other block (a private key above all) is refused, not skipped. */
    public static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> out = new ArrayList<>();
        for (Pem.Block block : Pem.read(pem, what)) {
            if (!block.label().equals("CERTIFICATE")) {
                throw new DomainProblem(ProblemType.INVALID_PEM, what + " holds a \"" + block.label() + "\" block; only"
                        + " CERTIFICATE blocks are taken" + (block.label().contains("PRIVATE") ? " (and never a private key)"
                                : "") + ".");
            }
            out.add(certificate(block.der(), what));
        }
        return out;
    }

    static X509Certificate certificate(byte[] der, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DomainProblem(ProblemType.NOT_A_CERTIFICATE, what + " has a CERTIFICATE block that is not an X.509"
                    + " certificate.");
        }
    }

    public static TrustBundle bundle(String pem) {
        return new TrustBundle("bundle", dedupe(certificates(pem, "trust.bundle")), Map.of());
    }

    public static TrustBundle system() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new TrustBundle("system", List.of(x509.getAcceptedIssuers()), Map.of());
                }
            }
            return new TrustBundle("system", List.of(), Map.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read", e);
        }
    }

    /**
     * Every node's tomcat-trust, node after node, deduplicated. A node that cannot be read is a
     * 502 {@code peer-unavailable} naming it: a verdict on part of the trust would be wrong.
     */
    public static TrustBundle nodes(List<String> nodes, String username, String password, Deadline deadline,
            io.ucfleet.platform.tls.MemberPins pins) {
        if (nodes == null || nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"nodes\" lists 1 to " + MAX_NODES
                    + " node base URLs (https://host:port).");
        }
        List<String> urls = nodes.stream().map(n -> ClusterChannel.baseUrl(n, "A node")).toList();
        ClusterChannel channel = new ClusterChannel(urls, username, password, new com.fasterxml.jackson.databind.ObjectMapper(),
                pins);
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<X509Certificate> all = new ArrayList<>();
        for (String node : urls) {
            int before = all.size();
            try {
                JsonNode page = channel.json("GET", node, "/api/v1/certificates?unit=" + TOMCAT_TRUST + "&size=1000", null,
                        timeout(deadline));
                for (JsonNode item : page.path("items")) {
                    String sha256 = item.path("sha256").asText();
                    if (!sha256.matches("[0-9a-f]{64}")) {
                        continue;
                    }
                    ClusterChannel.Reply pem = channel.send("GET", node, "/api/v1/certificates/" + TOMCAT_TRUST + "/" + sha256
                            + "/pem", null, null, timeout(deadline));
                    all.addAll(certificates(pem.text(), node + "'s " + TOMCAT_TRUST + " certificate " + sha256));
                }
            } catch (ClusterChannel.CallFailed e) {
                throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The tomcat-trust of " + node + " cannot be read: "
                        + (e.problemDetail != null ? e.problemDetail + " (HTTP " + e.status + ")" : e.getMessage()) + ".",
                        Map.of("node", node));
            }
            counts.put(node, all.size() - before);
        }
        return new TrustBundle("nodes", dedupe(all), counts);
    }

    private static Duration timeout(Deadline deadline) {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The nodes' tomcat-trust could not be read before the"
                    + " deadline.");
        }
        return left;
    }


    static List<X509Certificate> dedupe(List<X509Certificate> certificates) {
        Map<String, X509Certificate> unique = new LinkedHashMap<>();
        for (X509Certificate c : certificates) {
            try {
                unique.putIfAbsent(Fingerprint.sha256(c.getEncoded()), c);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(unique.values());
    }
}
