package io.ucfleet.node.importtool;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.truststore.TrustStores;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.Deadline;
import io.ucfleet.platform.tls.TlsProbe;

/**
 * The Certificate Import Tool of IM and Presence Administration (seed 003, "Upload root
 * certificate to IM and Presence server"): connects to a peer server over TLS, captures the chain
 * it presents, and reports each test's state; on approval it installs the missing CA certificates
 * the peer sent through {@link TrustImport#upload}, the path of a user's upload, so the issuer
 * rule, replication, the change feed and the restart flags (cup-trust: Cisco Presence Engine,
 * then Cisco SIP Proxy) are those of any upload. Nothing is installed by a run; a CA the peer did
 * not send is left to the user (seed 003, step 2: "you cannot use the Certificate Import Tool to
 * import those certificates").
 */
@ApplicationScoped
public class CertificateImportTool {
    /**
     * The stores the tool installs into. cup-trust is the seed's ("Select CUP Trust ... the
     * Presence Engine trust certificates required for Exchange Integration"); cup-xmpp-trust and
     * tomcat-trust (our choice) hold the CAs of the node's other TLS peers: XMPP federation, and
     * the HTTPS servers Tomcat's applications call. ipsec-trust is not offered: IPsec peers do not
     * present a chain in a TLS handshake.
     */
    public static final List<String> TRUST_STORES = List.of("cup-trust", "cup-xmpp-trust", "tomcat-trust");
    public static final String DEFAULT_TRUST_STORE = "cup-trust";

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    TrustStores stores;
    @Inject
    TrustImport trustImport;

    /** Closes the socket of a probe whose peer stalls; one thread, as each close is immediate. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "certificate-import-tool-watchdog");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    /** The form's choices and limits. */
    public record Form(List<String> trustStores, String defaultTrustStore, long connectTimeoutMillis,
            long handshakeTimeoutMillis) {
    }

    /** What an approval installed, as an upload reports it, and the services now flagged for restart. */
    public record Installation(ImportReport report, TrustImport.Result upload, List<String> restartRequired) {
    }

    public Form form() {
        requireImAndPresence();
        return new Form(TRUST_STORES, DEFAULT_TRUST_STORE, config.certificateImportTool().connectTimeout().toMillis(),
                config.certificateImportTool().handshakeTimeout().toMillis());
    }

    /** Submit: the report of one run. Installs nothing. */
    public ImportReport run(PeerServer request) {
        PeerServer peer = checked(request);
        return report(peer, connect(peer));
    }

    /**
     * Approval of {@code sha256s} from a report: runs again (the peer's chain and the store may
     * have changed since) and installs them if they are still certificates the peer sends and the
     * store lacks; anything else is refused and nothing is installed.
     */
    public Installation install(PeerServer request, List<String> sha256s) {
        PeerServer peer = checked(request);
        if (sha256s == null || sha256s.isEmpty() || sha256s.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Field \"certificates\" must list the SHA-256"
                    + " fingerprints to install, from the report's \"installable\".", Map.of("errors",
                            List.of(Map.of("field", "certificates", "message", "required, non-empty"))));
        }
        Probe probe = connect(peer);
        if (probe.failure() != null) {
            throw new DomainProblem(ProblemType.PEER_SERVER_UNREACHABLE, probe.failure().getMessage()
                    + "; nothing was installed.", Map.of("reason", probe.failure().kind.id));
        }
        ChainAssessment.Assessment assessment = assess(peer, probe.presented());
        List<X509CertificateHolder> approved = new ArrayList<>();
        for (String sha256 : sha256s) {
            ChainAssessment.Link link = assessment.path().stream().filter(l -> l.facts() != null
                    && l.facts().sha256().equalsIgnoreCase(sha256.strip())).findFirst()
                    .orElseThrow(() -> notOffered(peer, sha256, "the peer's chain does not hold it"));
            if (!link.installable()) {
                throw notOffered(peer, sha256, "it is " + link.status().id + ", not missing");
            }
            if (!approved.contains(link.holder())) {
                approved.add(link.holder());
            }
        }
        StringBuilder pem = new StringBuilder();
        approved.forEach(c -> pem.append(Pem.certificate(CertificateFacts.encoded(c))));
        TrustImport.Result result = trustImport.upload(peer.trustStore(), pem.toString().getBytes(StandardCharsets.US_ASCII),
                "Certificate Import Tool: " + peer.peerServer() + ":" + peer.port());
        List<String> restarts = result.imported().isEmpty() ? List.of()
                : stores.restartsAfterChange(peer.trustStore()).stream().map(s -> s.displayName).toList();
        return new Installation(report(peer, probe), result, restarts);
    }

    private PeerServer checked(PeerServer request) {
        requireImAndPresence();
        PeerServer peer = request.validated(DEFAULT_TRUST_STORE);
        stores.requireTrustStore(peer.trustStore());
        if (!TRUST_STORES.contains(peer.trustStore())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The Certificate Import Tool installs into "
                    + TRUST_STORES + ", not " + peer.trustStore() + ".", Map.of("errors", List.of(Map.of("field",
                            "trustStore", "message", "one of " + TRUST_STORES))));
        }
        return peer;
    }

    private void requireImAndPresence() {
        if (node.role() != NodeRole.IM_AND_PRESENCE) {
            throw new DomainProblem(ProblemType.IM_AND_PRESENCE_ONLY, "The Certificate Import Tool is part of IM and"
                    + " Presence Administration; this node (" + node.fqdn() + ") is a " + node.role().displayName + ".");
        }
    }

    /** A run's handshake: the chain, or why there is none. */
    private record Probe(TlsProbe.Presented presented, TlsProbe.Failed failure) {
    }

    private Probe connect(PeerServer peer) {
        Duration connect = config.certificateImportTool().connectTimeout();
        Duration handshake = config.certificateImportTool().handshakeTimeout();
        try {
            return new Probe(TlsProbe.probe(peer.peerServer(), peer.port(), null, peer.peerServer(), connect, handshake,
                    Deadline.in(connect.plus(handshake)), watchdog), null);
        } catch (TlsProbe.Failed e) {
            return new Probe(null, e);
        }
    }

    private ChainAssessment.Assessment assess(PeerServer peer, TlsProbe.Presented presented) {
        List<X509CertificateHolder> chain = presented.chain().stream().map(CertificateImportTool::holder).toList();
        return ChainAssessment.assess(peer.peerServer(), chain, stores.certificates(peer.trustStore()), peer.trustStore());
    }

    private ImportReport report(PeerServer peer, Probe probe) {
        if (probe.failure() != null) {
            List<ImportReport.TestState> tests = new ArrayList<>();
            tests.add(new ImportReport.TestState(ImportTest.CONNECTED.id, "failed", probe.failure().kind.id,
                    probe.failure().getMessage() + "."));
            for (ImportTest test : ImportTest.values()) {
                if (test != ImportTest.CONNECTED) {
                    tests.add(ImportReport.TestState.notRun(test));
                }
            }
            return new ImportReport(peer.trustStore(), peer.peerServer(), peer.port(), false, tests, null, List.of(), List.of());
        }
        ChainAssessment.Assessment assessment = assess(peer, probe.presented());
        List<ImportReport.PresentedCertificate> certificates = new ArrayList<>();
        List<ChainAssessment.Link> links = new ArrayList<>(assessment.path());
        links.addAll(assessment.notInPath());
        for (int i = 0; i < links.size(); i++) {
            certificates.add(ImportReport.PresentedCertificate.of(i, links.get(i)));
        }
        TlsProbe.Presented p = probe.presented();
        return new ImportReport(peer.trustStore(), peer.peerServer(), peer.port(),
                assessment.tests().stream().allMatch(ImportReport.TestState::succeeded), assessment.tests(),
                new ImportReport.Connection(p.tlsVersion(), p.cipherSuite(), p.connectMillis(), p.handshakeMillis()),
                certificates, assessment.path().stream().filter(ChainAssessment.Link::installable)
                        .map(l -> l.facts().sha256()).toList());
    }

    private static DomainProblem notOffered(PeerServer peer, String sha256, String why) {
        return new DomainProblem(ProblemType.CERTIFICATE_NOT_OFFERED, "Certificate " + sha256 + " cannot be installed"
                + " from " + peer.peerServer() + ":" + peer.port() + ": " + why + ". Run the tool again and approve"
                + " from its \"installable\"; nothing was installed.", Map.of("sha256", sha256));
    }

    private static X509CertificateHolder holder(java.security.cert.X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("the JDK's decoded certificate does not re-encode", e);
        }
    }
}
