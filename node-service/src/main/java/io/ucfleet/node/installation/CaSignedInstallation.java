package io.ucfleet.node.installation;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.SignedCertificateRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.csr.Distribution;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.keys.KeyTransfer;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;

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

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    Csrs csrs;
    @Inject
    UnitLocks locks;
    @Inject
    LocalInstallation local;
    @Inject
    MultiServerExchange exchange;

    /** What happened on one node of a multi-server installation. */
    public record NodeOutcome(String fqdn, String outcome) {
    }

    public record Result(CertificateEntry certificate, List<CertificateEntry> trustImported,
            List<CertificateEntry> trustAlreadyPresent, List<CiscoService> servicesToRestart, List<NodeOutcome> nodes,
            List<SignedCertificateRules.UsageWarning> warnings) {
    }

    /** An administrator's upload (native API or certmgr). */
    public Result upload(String unit, byte[] body) {
        IdentityProfile profile = identities.profile(unit);
        checkSize(body);
        List<X509CertificateHolder> upload = CertificateDecoder.decodeAll(body, node.role().policy);
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
        QuarkusTransaction.requiringNew().run(() -> local.checkChain(profile, authorities, leaf));

        SigningKey key = csrs.signingKey(pending);
        List<NodeOutcome> nodes = new ArrayList<>();
        nodes.add(new NodeOutcome(node.fqdn(), "installed"));
        if (pending.distribution == Distribution.MULTI_SERVER) {
            nodes.addAll(exchange.distribute(profile, upload, leaf, key));
        }
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(local.unitsTouched(profile));
            PendingCsr current = PendingCsr.findByUnit(profile.unit).filter(p -> Arrays.equals(p.csrDer, pending.csrDer))
                    .orElseThrow(() -> new DomainProblem(ProblemType.NO_PENDING_CSR, "The " + profile.unit
                            + " CSR was replaced while the certificate was being installed; sign the new CSR."));
            Result installed = local.install(profile, authorities, leaf, key, nodes, warnings);
            current.delete();
            return installed;
        });
        LOG.infof("%s: CA-signed certificate installed on %s%s", profile.unit, nodes,
                warnings.isEmpty() ? "" : "; " + warnings.stream().map(SignedCertificateRules.UsageWarning::message).toList());
        return result;
    }

    private void checkSize(byte[] body) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is " + body.length + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
    }
}
