package io.ucfleet.node.installation;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.SignedCertificateRules;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.csr.Distribution;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.node.peers.KeyTransfer;
import io.ucfleet.node.peers.TransferOffers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.truststore.IssuerChain;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/**
 * "Upload Certificate / Certificate Chain" of a CA-signed identity (seed 002): the signed
 * certificate alone or with its chain. Every check runs before anything changes: the leaf is
 * the certificate whose key is the pending CSR's, it kept the unit's key usage, its times meet
 * the GeneralizedTime rule, and its issuer chain ends in the unit's trust store (or in the CA
 * certificates of the same upload, which are imported there first, through {@link TrustImport}).
 * Then, in one transaction: the CA certificates, the identity and its key, the restart flags,
 * and the pending CSR consumed.
 *
 * <p>Multi-server: before the local installation, the certificate is installed on every other
 * node of the product that its SAN names, with the CSR's key sealed for that node alone
 * ({@link KeyTransfer}) and sent over the cluster account's channel. A node that refuses stops
 * the upload: nothing changes here and the pending CSR stays for a retry (peers that already
 * installed it install the same certificate again idempotently).
 */
@ApplicationScoped
public class CaSignedInstallation {
    private static final Logger LOG = Logger.getLogger(CaSignedInstallation.class);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    Csrs csrs;
    @Inject
    TrustImport trustImport;
    @Inject
    UnitLocks locks;
    @Inject
    ClusterMembers members;
    @Inject
    TransferOffers offers;

    private final SecureRandom random = new SecureRandom();

    /** What happened on one node of a multi-server installation. */
    public record NodeOutcome(String fqdn, String outcome) {
    }

    public record Result(CertificateEntry certificate, List<CertificateEntry> trustImported,
            List<CertificateEntry> trustAlreadyPresent, List<CiscoService> servicesToRestart, List<NodeOutcome> nodes,
            List<SignedCertificateRules.UsageWarning> warnings) {
    }

    /** What a peer sends: the whole upload, which of it is the leaf, and the key sealed for this node's offer. */
    public record PeerInstall(String origin, List<String> certificates, String certificateSha256, String offerId,
            KeyTransfer.SealedKey key) {
    }

    /** An administrator's upload (native API or certmgr). */
    public Result upload(String unit, byte[] body) {
        IdentityProfile profile = identities.profile(unit);
        checkSize(body);
        List<X509CertificateHolder> upload = CertificateDecoder.decodeAll(body);
        PendingCsr pending = QuarkusTransaction.requiringNew().call(() -> PendingCsr.findByUnit(profile.unit))
                .orElseThrow(() -> new DomainProblem(ProblemType.NO_PENDING_CSR, "No CSR is pending for " + profile.unit
                        + " on " + node.fqdn() + ": generate a CSR, have it signed, and upload the signed certificate"
                        + " to the node that made the CSR."));
        SubjectPublicKeyInfo expected = Csrs.publicKey(pending);
        X509CertificateHolder leaf = upload.stream().filter(c -> c.getSubjectPublicKeyInfo().equals(expected)).findFirst()
                .orElseThrow(() -> new DomainProblem(ProblemType.CSR_KEY_MISMATCH, "None of the " + upload.size()
                        + " uploaded certificate(s) (" + upload.stream().map(c -> "\"" + CertificateFacts.commonName(c.getSubject())
                                + "\"").toList() + ") has the key of the " + profile.unit + " CSR pending since "
                        + pending.createdAt + "; was it signed from another CSR, or was the CSR generated again since?"));
        List<X509CertificateHolder> authorities = upload.stream().filter(c -> c != leaf).toList();
        var warnings = SignedCertificateRules.check(profile, leaf, config.strictKeyUsage());
        QuarkusTransaction.requiringNew().run(() -> checkChain(profile, authorities, leaf));

        PrivateKey key = csrs.privateKey(pending);
        List<NodeOutcome> nodes = new ArrayList<>();
        nodes.add(new NodeOutcome(node.fqdn(), "installed"));
        if (pending.distribution == Distribution.MULTI_SERVER) {
            nodes.addAll(distribute(profile, upload, leaf, key));
        }
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(unitsTouched(profile));
            PendingCsr current = PendingCsr.findByUnit(profile.unit).filter(p -> Arrays.equals(p.csrDer, pending.csrDer))
                    .orElseThrow(() -> new DomainProblem(ProblemType.NO_PENDING_CSR, "The " + profile.unit
                            + " CSR was replaced while the certificate was being installed; sign the new CSR."));
            Result installed = installLocally(profile, authorities, leaf, key, nodes, warnings);
            current.delete();
            return installed;
        });
        LOG.infof("%s: CA-signed certificate installed on %s%s", profile.unit, nodes,
                warnings.isEmpty() ? "" : "; " + warnings.stream().map(SignedCertificateRules.UsageWarning::message).toList());
        return result;
    }

    /** A peer's multi-server installation on this node. */
    public Result installFromPeer(String unit, PeerInstall request) {
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
        PrivateKey key = offers.open(request.offerId(), request.key(), KeyTransfer.context(profile.unit, request.certificateSha256()));
        if (!keyMatches(key, leaf.getSubjectPublicKeyInfo())) {
            throw new DomainProblem(ProblemType.CSR_KEY_MISMATCH, "The transferred key is not the certificate's key.");
        }
        List<X509CertificateHolder> authorities = upload.stream().filter(c -> c != leaf).toList();
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(unitsTouched(profile));
            checkChain(profile, authorities, leaf);
            return installLocally(profile, authorities, leaf, key, List.of(new NodeOutcome(node.fqdn(), "installed")),
                    warnings);
        });
        LOG.infof("%s: multi-server certificate from %s installed", profile.unit, request.origin());
        return result;
    }

    private Result installLocally(IdentityProfile profile, List<X509CertificateHolder> authorities, X509CertificateHolder leaf,
            PrivateKey key, List<NodeOutcome> nodes, List<SignedCertificateRules.UsageWarning> warnings) {
        List<CertificateEntry> imported = new ArrayList<>();
        List<CertificateEntry> present = new ArrayList<>();
        if (!authorities.isEmpty()) {
            for (String store : caStores(profile)) {
                var r = trustImport.upload(store, pem(authorities), "CA of the " + profile.unit + " certificate");
                imported.addAll(r.imported());
                present.addAll(r.alreadyPresent());
            }
        }
        checkChain(profile, List.of(), leaf);
        CertificateEntry entry = identities.installCaSigned(profile, key, leaf, "Certificate signed by "
                + CertificateFacts.commonName(leaf.getIssuer()));
        return new Result(entry, imported, present, node.role().restartsFor(profile), nodes, warnings);
    }

    private List<NodeOutcome> distribute(IdentityProfile profile, List<X509CertificateHolder> upload, X509CertificateHolder leaf,
            PrivateKey key) {
        List<String> named = SignedCertificateRules.dnsNames(leaf);
        String sha256 = CertificateFacts.of(leaf).sha256();
        List<String> pems = upload.stream().map(c -> Pem.certificate(CertificateFacts.encoded(c))).toList();
        List<NodeOutcome> outcomes = new ArrayList<>();
        for (ClusterMembers.Member member : members.sameProduct()) {
            if (members.isSelf(member)) {
                continue;
            }
            if (!named.contains(member.fqdn().toLowerCase(java.util.Locale.ROOT))) {
                outcomes.add(new NodeOutcome(member.fqdn(), "not named in the certificate"));
                continue;
            }
            JsonNode offer = members.call("POST", member.baseUrl(), "/api/v1/peer/key-transfers", null);
            KeyTransfer.SealedKey sealed = KeyTransfer.seal(key, Base64.getDecoder().decode(offer.path("publicKey").asText()),
                    KeyTransfer.context(profile.unit, sha256), random);
            members.call("POST", member.baseUrl(), "/api/v1/peer/identities/" + profile.unit,
                    new PeerInstall(node.fqdn(), pems, sha256, offer.path("offerId").asText(), sealed));
            outcomes.add(new NodeOutcome(member.fqdn(), "installed"));
        }
        return outcomes;
    }

    /** Refuses, naming the missing issuer, a leaf whose chain ends neither in the unit's store nor in the upload. */
    private void checkChain(IdentityProfile profile, List<X509CertificateHolder> authorities, X509CertificateHolder leaf) {
        String store = caStores(profile).get(0);
        List<X509CertificateHolder> chain = new ArrayList<>(authorities);
        chain.add(leaf);
        IssuerChain.installationOrder(store, chain, issuerName -> CertificateEntry.findByUnitAndSubject(store,
                issuerName.toString()).stream().map(e -> e.holder().getSubjectPublicKeyInfo()).toList());
    }

    /**
     * The trust stores the CA certificates of an upload go to: the unit's store (Expressway: its
     * trusted CA list); for CAPF also CallManager-trust (seed 002, "Add Certificate
     * Authority-Signed CAPF Root Certificate to the Trust Store").
     */
    List<String> caStores(IdentityProfile profile) {
        Set<String> stores = new LinkedHashSet<>();
        stores.add(profile.trustStore().orElse(node.role().trustStores.get(0)));
        if (profile == IdentityProfile.CAPF && node.role().hasTrustStore("CallManager-trust")) {
            stores.add("CallManager-trust");
        }
        return List.copyOf(stores);
    }

    private List<String> unitsTouched(IdentityProfile profile) {
        List<String> units = new ArrayList<>(caStores(profile));
        units.add(profile.unit);
        units.add(PendingCsr.sealingContext(profile.unit));
        return units;
    }

    private void checkSize(byte[] body) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is " + body.length + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
    }

    private static byte[] pem(List<X509CertificateHolder> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(Pem.certificate(CertificateFacts.encoded(c))));
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Proof of possession: a signature by the key verifies with the certificate's public key. */
    static boolean keyMatches(PrivateKey key, SubjectPublicKeyInfo publicKey) {
        try {
            var pub = java.security.KeyFactory.getInstance(key.getAlgorithm())
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(publicKey.getEncoded()));
            String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm, BC);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, BC);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            return false;
        }
    }
}
