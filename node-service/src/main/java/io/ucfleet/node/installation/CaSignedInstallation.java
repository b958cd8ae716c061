package io.ucfleet.node.installation;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.SignedCertificateRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.ucfleet.node.keys.PrivateKeyFile;
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
        return upload(unit, body, null);
    }

    /**
     * An administrator's upload, with the server private key file when the certificate request
     * was made elsewhere ({@code keyFile}, null for none; roles whose policy allows it, seed
     * 004). With a key: refused while a CSR is in progress, and the certificate must be the
     * key's. Without one: the pending CSR's key, or, on such a role with no CSR in progress, the
     * key in use. The key file is read here and sealed with the identity; it is never logged.
     */
    public Result upload(String unit, byte[] body, byte[] keyFile) {
        IdentityProfile profile = identities.profile(unit);
        checkSize(body);
        checkSize(keyFile);
        boolean external = node.role().policy.externalPrivateKey();
        if (keyFile != null && !external) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "A " + node.role().displayName + " node installs the"
                    + " certificate signed from its pending CSR with the CSR's key; it takes no private key file.");
        }
        List<X509CertificateHolder> upload = CertificateDecoder.decodeAll(body, node.role().policy);
        Optional<PendingCsr> found = QuarkusTransaction.requiringNew().call(() -> PendingCsr.findByUnit(profile.unit));
        if (found.isEmpty() && external) {
            return installWithoutCsr(profile, upload, keyFile == null ? null : PrivateKeyFile.read(keyFile));
        }
        if (keyFile != null) {
            // Seed 004: "You cannot upload a server private key if a certificate signing request is in progress."
            throw new DomainProblem(ProblemType.CSR_IN_PROGRESS, "A certificate signing request for " + profile.unit
                    + " is in progress (since " + found.get().createdAt + "): you cannot upload a server private key."
                    + " Load the certificate signed from that CSR without a key, or Discard CSR first. Nothing was changed.",
                    Map.of("since", found.get().createdAt.toString()));
        }
        PendingCsr pending = found.orElseThrow(() -> new DomainProblem(ProblemType.NO_PENDING_CSR, "No CSR is pending for " + profile.unit
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

    /**
     * Seed 004 with no CSR in progress: the uploaded key file's certificate, or, without a key,
     * the certificate of the key in use (a renewal with the same key). Single node: an Expressway
     * peer loads its own server certificate.
     */
    private Result installWithoutCsr(IdentityProfile profile, List<X509CertificateHolder> upload, PrivateKeyFile keyFile) {
        record InUse(SigningKey key, SubjectPublicKeyInfo publicKey, boolean withoutNewline) {
        }
        InUse inUse = keyFile != null ? null : QuarkusTransaction.requiringNew().call(() -> new InUse(
                identities.signingKey(profile), identities.current(profile).holder().getSubjectPublicKeyInfo(),
                identities.keyFileWithoutTrailingNewline(profile)));
        SigningKey key = keyFile != null ? keyFile.key() : inUse.key();
        X509CertificateHolder leaf = upload.stream().filter(c -> keyFile != null ? key.matches(c.getSubjectPublicKeyInfo())
                : c.getSubjectPublicKeyInfo().equals(inUse.publicKey())).findFirst()
                .orElseThrow(() -> new DomainProblem(ProblemType.PRIVATE_KEY_MISMATCH, "None of the " + upload.size()
                        + " uploaded certificate(s) (" + upload.stream().map(c -> "\"" + CertificateFacts.commonName(c.getSubject())
                                + "\"").toList() + ") matches " + (keyFile != null ? "the uploaded server private key"
                                        : "the private key in use on " + node.fqdn() + " (no CSR is in progress); upload the"
                                                + " private key file the certificate was requested with")
                        + ". Nothing was changed."));
        List<X509CertificateHolder> authorities = upload.stream().filter(c -> c != leaf).toList();
        var warnings = new ArrayList<>(SignedCertificateRules.check(profile, leaf, config.strictKeyUsage()));
        boolean withoutNewline = keyFile != null ? !keyFile.endsWithNewline() : inUse.withoutNewline();
        if (withoutNewline) {
            warnings.add(new SignedCertificateRules.UsageWarning("key-file-no-trailing-newline",
                    "server private key file", PrivateKeyFile.NO_TRAILING_NEWLINE));
        }
        QuarkusTransaction.requiringNew().run(() -> local.checkChain(profile, authorities, leaf));
        List<NodeOutcome> nodes = List.of(new NodeOutcome(node.fqdn(), "installed"));
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(local.unitsTouched(profile));
            if (PendingCsr.findByUnit(profile.unit).isPresent()) {
                throw new DomainProblem(ProblemType.CSR_IN_PROGRESS, "A CSR for " + profile.unit + " was generated while the"
                        + " certificate was being loaded; load the certificate signed from it, or Discard CSR. Nothing was changed.");
            }
            if (inUse != null && !identities.current(profile).holder().getSubjectPublicKeyInfo().equals(inUse.publicKey())) {
                // Regenerated meanwhile: the certificate is for a key the node no longer uses.
                throw new DomainProblem(ProblemType.PRIVATE_KEY_MISMATCH, "The " + profile.unit + " key changed while the"
                        + " certificate was being loaded; the certificate is for the previous key. Nothing was changed.");
            }
            return local.install(profile, authorities, leaf, key, nodes, List.copyOf(warnings), withoutNewline);
        });
        LOG.infof("%s: server certificate installed with %s%s", profile.unit, keyFile != null ? "an uploaded private key"
                : "the private key in use", withoutNewline ? " (key file without a trailing newline)" : "");
        return result;
    }

    private void checkSize(byte[] body) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is " + body.length + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
    }
}
