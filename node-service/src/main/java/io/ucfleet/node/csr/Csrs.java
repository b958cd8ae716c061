package io.ucfleet.node.csr;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.keys.KeyGeneration;
import io.ucfleet.node.keys.KeyVault;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * "Generate CSR" and "Download CSR" (seed 002): one pending CSR per unit, with its key sealed
 * like identity keys; a new CSR replaces the pending one and its key (Expressway: refused while
 * one is in progress, {@link io.ucfleet.node.profile.CertificatePolicy#oneCsrInProgress()}). Work runs on a small
 * pool of its own ({@code ucfleet-csr-N}, one thread per core): an RSA 4096 key takes seconds
 * and must hold neither the event loop nor a request worker.
 */
@ApplicationScoped
public class Csrs {
    private static final Logger LOG = Logger.getLogger(Csrs.class);

    @Inject
    io.ucfleet.node.securitysettings.SecuritySettings securitySettings;
    @Inject
    Node node;
    @Inject
    Identities identities;
    @Inject
    ClusterMembers members;
    @Inject
    UnitLocks locks;
    @Inject
    Clock clock;
    @Inject
    NodeConfig config;
    @Inject
    io.ucfleet.node.expressway.UcNames ucNames;
    @Inject
    io.ucfleet.node.audit.ChangeTrail trail;

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
            new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "ucfleet-csr-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });
    private KeyVault vault;

    @Inject
    void init(NodeConfig config) {
        this.vault = new KeyVault(config.keyEncryptionKey(), random);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** A new pending CSR and what the lint rules warn about. */
    public record Generated(PendingCsr csr, CsrPlan plan, List<CsrLint.Finding> warnings) {
    }

    /** Plans, lints, makes the key and stores the CSR, all on the CSR pool. */
    public Uni<Generated> generate(CsrRequest request) {
        return Uni.createFrom().item(() -> generateNow(request)).runSubscriptionOn(workers);
    }

    Generated generateNow(CsrRequest request) {
        CsrPlan plan = plan(request);
        // Checked before the key is made (seconds for RSA 4096) and again under the lock.
        QuarkusTransaction.requiringNew().run(() -> refuseSecondCsr(plan.profile().unit));
        List<CsrLint.Finding> warnings = CsrLint.warningsOrRefuse(plan);
        if (!plan.keyType().allowedSizes.contains(plan.keySize())) {
            throw new DomainProblem(ProblemType.INVALID_KEY_SIZE, plan.profile().unit + " uses " + plan.keyType()
                    + " keys; key length " + plan.keySize() + " is not allowed, use one of " + plan.keyType().allowedSizes + ".",
                    Map.of("allowed", plan.keyType().allowedSizes));
        }
        SigningKeyPair keyPair = KeyGeneration.generate(plan.keyType(), plan.keySize(), random);
        PKCS10CertificationRequest csr = CsrBuilder.build(plan, keyPair);
        PendingCsr stored = QuarkusTransaction.requiringNew().call(() -> {
            String unit = plan.profile().unit;
            locks.lock(List.of(PendingCsr.sealingContext(unit)));
            refuseSecondCsr(unit);
            PendingCsr pending = PendingCsr.findByUnit(unit).orElseGet(PendingCsr::new);
            boolean fresh = pending.unit == null;
            trail.changed("csr-generate", unit, fresh ? null : io.ucfleet.node.x509.Fingerprint.sha256(pending.csrDer), io.ucfleet.node.x509.Fingerprint.sha256(encoded(csr)));
            pending.unit = unit;
            pending.csrDer = encoded(csr);
            pending.algorithm = plan.keyType().jcaName;
            pending.sealedKey = vault.seal(keyPair.privateKey(), PendingCsr.sealingContext(unit));
            pending.distribution = plan.distribution();
            pending.createdAt = clock.instant();
            if (fresh) {
                pending.persist();
            }
            return pending;
        });
        LOG.infof("new %s CSR for %s (%s %d, %s, SAN %s)", plan.distribution().id, plan.profile().unit, plan.keyType(),
                plan.keySize(), plan.hash().id, plan.dnsNames());
        return new Generated(stored, plan, warnings.stream().filter(f -> f.severity() == CsrLint.Severity.WARNING).toList());
    }

    /** Expressway: "only one CSR may be in progress" (seed 004); Unified CM replaces the pending one. */
    private void refuseSecondCsr(String unit) {
        if (node.role().policy.oneCsrInProgress()) {
            PendingCsr.findByUnit(unit).ifPresent(p -> {
                throw new DomainProblem(ProblemType.CSR_IN_PROGRESS, "A CSR for " + unit + " is already in progress (since "
                        + p.createdAt + "); Discard CSR first to generate a new one, or load the certificate signed from it.",
                        Map.of("since", p.createdAt.toString()));
            });
        }
    }

    /** The request with every default filled in; refuses what no CSR can be made from. */
    public CsrPlan plan(CsrRequest request) {
        IdentityProfile profile = identities.profile(request.unit());
        KeyAlgorithm keyType = request.keyType() == null ? profile.keyAlgorithm : request.keyType();
        if (keyType != profile.keyAlgorithm) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, profile.unit + " takes " + profile.keyAlgorithm
                    + " keys, not " + keyType + (profile.keyAlgorithm == KeyAlgorithm.RSA ? "; EC keys are for the -ECDSA units." : "."),
                    Map.of("errors", List.of(Map.of("field", "keyType", "message", "must be " + profile.keyAlgorithm))));
        }
        int keySize = request.keySize() == null ? keyType.defaultSize : request.keySize();
        boolean multi = request.distribution() == Distribution.MULTI_SERVER;
        if (multi && !profile.multiServer) {
            throw new DomainProblem(ProblemType.MULTI_SERVER_NOT_ALLOWED, profile.unit
                    + " cannot be a multi-server certificate (seed 002, Tables 1 and 2); use this-server.");
        }
        List<String> fqdns = multi ? members.sameProduct().stream().map(ClusterMembers.Member::fqdn).toList()
                : List.of(node.fqdn());
        var configured = node.subject();
        String cn = request.commonName() != null ? request.commonName().strip() : multi ? multiServerName(node.fqdn()) : node.fqdn();
        var subject = new CsrPlan.Subject(cn, or(request.organizationalUnit(), configured.organizationalUnit()),
                or(request.organization(), configured.organization()), or(request.locality(), configured.locality()),
                or(request.state(), configured.state()), or(request.country(), configured.country()), request.email());
        Set<String> dns = new LinkedHashSet<>();
        if (CsrLint.DNS_NAME.matcher(cn).matches() && !CsrLint.isIpAddress(cn) && cn.contains(".")) {
            dns.add(cn);
        }
        dns.addAll(fqdns);
        if (node.role().isExpressway()) {
            dns.addAll(io.ucfleet.node.identity.ServerNames.san(node.fqdn(), config.expressway().clusterFqdn()));
            // Seed 004: "The VCS Control automatically includes the chat node aliases in the CSR", and so on per role.
            dns.addAll(QuarkusTransaction.joiningExisting().call(() -> ucNames.sanNames()));
        }
        dns.addAll(QuarkusTransaction.joiningExisting().call(() -> securitySettings.xmppSanNames(profile)));
        List<String> extra = request.altNames().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        dns.addAll(extra);
        return new CsrPlan(profile, request.distribution(), subject, keyType, keySize, request.hash(), List.copyOf(dns),
                extra, node.role().isExpressway(), request.xmppAddrs(), request.srvNames());
    }

    /** The pending CSR of a unit of this node. */
    @Transactional
    public PendingCsr pending(String unit) {
        IdentityProfile profile = identities.profile(unit);
        return PendingCsr.findByUnit(profile.unit).orElseThrow(() -> new DomainProblem(ProblemType.CSR_NOT_FOUND,
                "No CSR is pending for " + profile.unit + "; generate one first."));
    }

    /** Every pending CSR of this node, in the order of its role's units. */
    @Transactional
    public List<PendingCsr> pendingAll() {
        return node.role().identities.stream().flatMap(p -> PendingCsr.findByUnit(p.unit).stream()).toList();
    }

    /** "Discard CSR" (seed 004): forgets the pending CSR of a unit and its key. */
    @Transactional
    public void discard(String unit) {
        PendingCsr pending = pending(unit);
        locks.lock(List.of(PendingCsr.sealingContext(pending.unit)));
        pending.delete();
        trail.changed("csr-discard", pending.unit, io.ucfleet.node.x509.Fingerprint.sha256(pending.csrDer), null);
        LOG.infof("discarded the pending %s CSR", pending.unit);
    }

    /** The pending CSR's public key. */
    public static SubjectPublicKeyInfo publicKey(PendingCsr pending) {
        try {
            return new PKCS10CertificationRequest(pending.csrDer).getSubjectPublicKeyInfo();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored CSR of " + pending.unit + " does not decode", e);
        }
    }

    /** The pending CSR's key, unsealed for installation on this node or sealing for a peer; never logged. */
    public SigningKey signingKey(PendingCsr pending) {
        return vault.open(pending.sealedKey, PendingCsr.sealingContext(pending.unit), pending.algorithm);
    }

    /** Unified CM names a multi-server certificate {@code <host>-ms.<domain>}. */
    static String multiServerName(String fqdn) {
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn + "-ms" : fqdn.substring(0, dot) + "-ms" + fqdn.substring(dot);
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value.strip();
    }

    private static byte[] encoded(PKCS10CertificationRequest csr) {
        try {
            return csr.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
