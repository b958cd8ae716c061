package io.ucfleet.node.installation;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.SignedCertificateRules;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.keys.KeyTransfer;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.node.peers.TransferOffers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/**
 * How a multi-server certificate and its key move (README, "Multi-server certificates"): the
 * uploading node asks each peer the SAN names for a one-time offer, seals the CSR's key for it
 * ({@link KeyTransfer}) and sends the upload; the peer opens the key, proves it is the
 * certificate's, runs the same checks against its own trust store and installs it.
 */
@ApplicationScoped
public class MultiServerExchange {
    private static final Logger LOG = Logger.getLogger(MultiServerExchange.class);

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    UnitLocks locks;
    @Inject
    ClusterMembers members;
    @Inject
    TransferOffers offers;
    @Inject
    LocalInstallation local;

    private final SecureRandom random = new SecureRandom();

    /** What a peer sends: the whole upload, which of it is the leaf, and the key sealed for this node's offer. */
    public record PeerInstall(String origin, List<String> certificates, String certificateSha256, String offerId,
            KeyTransfer.SealedKey key) {
    }

    /** Before the local installation: the certificate and its key to every other node of the product its SAN names. */
    List<CaSignedInstallation.NodeOutcome> distribute(IdentityProfile profile, List<X509CertificateHolder> upload, X509CertificateHolder leaf,
            SigningKey key) {
        List<String> named = SignedCertificateRules.dnsNames(leaf);
        String sha256 = CertificateFacts.of(leaf).sha256();
        List<String> pems = upload.stream().map(c -> Pem.certificate(CertificateFacts.encoded(c))).toList();
        List<CaSignedInstallation.NodeOutcome> outcomes = new ArrayList<>();
        for (ClusterMembers.Member member : members.sameProduct()) {
            if (members.isSelf(member)) {
                continue;
            }
            if (!named.contains(member.fqdn().toLowerCase(java.util.Locale.ROOT))) {
                outcomes.add(new CaSignedInstallation.NodeOutcome(member.fqdn(), "not named in the certificate"));
                continue;
            }
            JsonNode offer = members.call("POST", member.baseUrl(), "/api/v1/peer/key-transfers", null);
            KeyTransfer.SealedKey sealed = KeyTransfer.seal(key, Base64.getDecoder().decode(offer.path("publicKey").asText()),
                    KeyTransfer.context(profile.unit, sha256), random);
            members.call("POST", member.baseUrl(), "/api/v1/peer/identities/" + profile.unit,
                    new PeerInstall(node.fqdn(), pems, sha256, offer.path("offerId").asText(), sealed));
            outcomes.add(new CaSignedInstallation.NodeOutcome(member.fqdn(), "installed"));
        }
        return outcomes;
    }

    /** A peer's multi-server installation on this node. */
    public CaSignedInstallation.Result installFromPeer(String unit, PeerInstall request) {
        IdentityProfile profile = identities.profile(unit);
        if (!profile.multiServer) {
            throw new DomainProblem(ProblemType.MULTI_SERVER_NOT_ALLOWED, profile.unit + " cannot be a multi-server certificate.");
        }
        if (request.certificates() == null || request.certificates().isEmpty() || request.key() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "A peer installation needs certificates, certificateSha256, offerId and key.");
        }
        List<X509CertificateHolder> upload = CertificateDecoder.decodeAll(
                String.join("\n", request.certificates()).getBytes(StandardCharsets.US_ASCII));
        X509CertificateHolder leaf = upload.stream().filter(c -> CertificateFacts.of(c).sha256().equals(request.certificateSha256()))
                .findFirst().orElseThrow(() -> new DomainProblem(ProblemType.INVALID_REQUEST,
                        "certificateSha256 names none of the certificates sent."));
        if (!SignedCertificateRules.dnsNames(leaf).contains(node.fqdn().toLowerCase(java.util.Locale.ROOT))) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The certificate does not name " + node.fqdn() + " in its SAN.");
        }
        var warnings = SignedCertificateRules.check(profile, leaf, config.strictKeyUsage());
        SigningKey key = offers.open(request.offerId(), request.key(), KeyTransfer.context(profile.unit, request.certificateSha256()));
        if (!key.matches(leaf.getSubjectPublicKeyInfo())) {
            throw new DomainProblem(ProblemType.CSR_KEY_MISMATCH, "The transferred key is not the certificate's key.");
        }
        List<X509CertificateHolder> authorities = upload.stream().filter(c -> c != leaf).toList();
        CaSignedInstallation.Result result = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(local.unitsTouched(profile));
            local.checkChain(profile, authorities, leaf);
            return local.install(profile, authorities, leaf, key, List.of(new CaSignedInstallation.NodeOutcome(node.fqdn(), "installed")),
                    warnings);
        });
        LOG.infof("%s: multi-server certificate from %s installed", profile.unit, request.origin());
        return result;
    }
}
