package io.ucfleet.node.zone;

import java.net.http.HttpClient;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.crl.Crls;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.revocation.RevocationCheck;

/**
 * An Expressway's SIP TLS zones (seed 004, appendix 1): create, change, delete, and their state,
 * Active or Failed with the reason. Each zone is checked when it is created or changed, on
 * demand, and every {@code check-every}; the network part of a check runs outside any
 * transaction and within {@code check-timeout}. Node-local: each Expressway peer dials its own.
 */
@ApplicationScoped
public class Zones {
    private static final Logger LOG = Logger.getLogger(Zones.class);
    /** The sizes the revocation client reads at most: a CDP's CRL (as CRL downloads), an OCSP answer. */
    private static final long MAX_OCSP_BYTES = 1 << 20;

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Inject
    Crls crls;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Closes the sockets of a peer or revocation source that stalls; each close is immediate. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "sip-zone-watchdog"));
    /** Checks after a create or change, so the request returns at once. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> daemon(r, "sip-zone-check"));
    /** The revocation client's HTTP client; rebuilt when the trusted CA list (its HTTPS trust) changes. */
    private volatile Map.Entry<List<X509CertificateHolder>, HttpClient> http;

    /** A zone as shown: its configuration and the state of its last check. */
    public record View(ZoneSpec spec, ZoneStatus status) {
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
        watchdog.shutdownNow();
    }

    @Transactional
    public List<View> list() {
        requireExpressway();
        return ZoneRow.<ZoneRow>list("order by name").stream().map(Zones::view).toList();
    }

    @Transactional
    public View get(String name) {
        requireExpressway();
        return view(row(name));
    }

    @Transactional
    public View create(ZoneSpec.Fields fields) {
        requireExpressway();
        ZoneSpec spec = ZoneSpec.parse(fields, null);
        if (ZoneRow.byName(spec.name()).isPresent()) {
            throw new DomainProblem(ProblemType.ZONE_EXISTS, "A zone named " + spec.name() + " exists already; change it"
                    + " with PUT, or choose another name.");
        }
        int max = config.expressway().zones().maxZones();
        if (ZoneRow.count() >= max) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "This node has " + max + " zones, its limit; delete one first.");
        }
        ZoneRow row = new ZoneRow();
        row.createdAt = clock.instant();
        apply(row, spec);
        try {
            row.persistAndFlush();
        } catch (jakarta.persistence.PersistenceException e) {
            // the same name created meanwhile by another request: the unique name decides, as the check above would
            if (e instanceof org.hibernate.exception.ConstraintViolationException
                    || e.getCause() instanceof org.hibernate.exception.ConstraintViolationException) {
                throw new DomainProblem(ProblemType.ZONE_EXISTS, "A zone named " + spec.name() + " exists already.");
            }
            throw e;
        }
        checkAfterCommit(row.name);
        return view(row);
    }

    @Transactional
    public View update(String name, ZoneSpec.Fields fields) {
        requireExpressway();
        ZoneRow row = row(name);
        ZoneSpec spec = ZoneSpec.parse(fields, row.spec());
        if (!spec.equals(row.spec())) {
            apply(row, spec);
            checkAfterCommit(row.name);
        }
        return view(row);
    }

    @Transactional
    public void delete(String name) {
        requireExpressway();
        row(name).delete();
    }

    /** Checks the zone now and returns its new state; waits at most {@code check-timeout}. */
    public View checkNow(String name) {
        requireExpressway();
        ZoneRow row = QuarkusTransaction.requiringNew().call(() -> row(name));
        check(row.id, row.generation, row.spec(), null);
        return QuarkusTransaction.requiringNew().call(() -> view(row(name)));
    }

    @Scheduled(identity = "sip-zone-check", every = "${ucfleet.node.expressway.zones.check-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        if (!node.role().isExpressway()) {
            return;
        }
        List<ZoneRow> rows = QuarkusTransaction.requiringNew().call(() -> ZoneRow.<ZoneRow>listAll());
        if (rows.isEmpty()) {
            return;
        }
        // one read of the trusted CA list and the CRLs (a large CRL parses for a second) for the whole pass
        PeerCheck.Inputs inputs;
        try {
            inputs = QuarkusTransaction.requiringNew().call(this::inputs);
        } catch (RuntimeException e) {
            LOG.errorf(e, "SIP TLS zones: the checks could not read their inputs");
            return;
        }
        for (ZoneRow row : rows) {
            check(row.id, row.generation, row.spec(), inputs);
        }
    }

    /**
     * One check: inputs read in a transaction (or the pass's, when given), the connection outside
     * it, the state written only if the zone did not change meanwhile.
     */
    private void check(long id, long generation, ZoneSpec spec, PeerCheck.Inputs given) {
        ZoneStatus status;
        try {
            PeerCheck.Inputs inputs = given != null ? given : QuarkusTransaction.requiringNew().call(this::inputs);
            NodeConfig.Zones bounds = config.expressway().zones();
            status = new PeerCheck(watchdog, clock, new PeerCheck.Limits(bounds.connectTimeout(), bounds.handshakeTimeout(),
                    bounds.revocationTimeout(), bounds.checkTimeout()))
                    .check(new PeerCheck.Target(spec.peerAddress(), spec.port(), spec.tlsVerify()), inputs);
        } catch (RuntimeException e) {
            // a fault of ours, not the peer's: logged; the zone keeps its last state
            LOG.errorf(e, "SIP TLS zone %s: the check could not run", spec.name());
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            ZoneRow row = ZoneRow.findById(id);
            if (row != null && row.generation == generation) {
                row.state = status.state();
                row.reason = status.reason() == null ? null : status.reason().id;
                row.detail = status.detail();
                row.peerCertificate = status.peerCertificate();
                row.checkedAt = status.checkedAt();
            }
        });
        if (status.state() == ZoneStatus.State.FAILED) {
            LOG.infof("SIP TLS zone %s (%s:%d): Failed, %s", spec.name(), spec.peerAddress(), spec.port(), status.reason().id);
        }
    }

    private PeerCheck.Inputs inputs() {
        Crls.SipTlsInputs sip = crls.sipTlsInputs();
        X509Certificate server = CertificateEntry.findIdentity(IdentityProfile.EXPRESSWAY_SERVER.unit).map(e -> x509(e.holder()))
                .orElse(null);
        return new PeerCheck.Inputs(sip.trustedCas().stream().map(Zones::x509).toList(), sip.crls(), sip.settings(), server,
                new RevocationCheck(http(sip), watchdog, clock, config.expressway().crl().maxDownloadBytes(), MAX_OCSP_BYTES));
    }

    private HttpClient http(Crls.SipTlsInputs sip) {
        Map.Entry<List<X509CertificateHolder>, HttpClient> current = http;
        if (current == null || !current.getKey().equals(sip.trustedCas())) {
            // no redirects: a CDP or responder names its own URL (as CRL downloads do)
            current = Map.entry(sip.trustedCas(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(config.expressway().zones().revocationTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).sslContext(sip.cdpTls()).build());
            http = current;
        }
        return current.getValue();
    }

    private void checkAfterCommit(String name) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int outcome) {
                if (outcome == Status.STATUS_COMMITTED) {
                    background.submit(() -> {
                        try {
                            checkNow(name);
                        } catch (DomainProblem gone) {
                            // deleted before its check ran
                        }
                    });
                }
            }
        });
    }

    private void apply(ZoneRow row, ZoneSpec spec) {
        row.name = spec.name();
        row.type = spec.type();
        row.peerAddress = spec.peerAddress();
        row.port = spec.port();
        row.tlsVerify = spec.tlsVerify();
        row.generation++;
        row.state = ZoneStatus.State.CHECKING;
        row.reason = null;
        row.detail = null;
        row.peerCertificate = null;
        row.checkedAt = null;
        row.updatedAt = clock.instant();
    }

    private static ZoneRow row(String name) {
        return ZoneRow.byName(name).orElseThrow(() -> new DomainProblem(ProblemType.ZONE_NOT_FOUND, "No zone is named "
                + io.ucfleet.platform.problem.ProblemBody.quote(name) + "."));
    }

    private static View view(ZoneRow row) {
        return new View(row.spec(), row.status());
    }

    private static X509Certificate x509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored certificate does not decode", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Other roles: 404, as the other Expressway paths. */
    public void requireExpressway() {
        if (!node.role().isExpressway()) {
            throw new DomainProblem(ProblemType.EXPRESSWAY_ONLY, "SIP TLS zones are Expressway's (Configuration > Zones); "
                    + node.fqdn() + " is a " + node.role().displayName + " node.");
        }
    }
}
