package io.ucfleet.node.crl;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Maintenance > Security certificates > CRL management (seed 004): the manual CRL file (a new
 * upload replaces it; Remove revocation list), CRLs embedded in the trusted CA file, automatic
 * updates from distribution points at a daily time (UTC), and the list of loaded CRLs. Every
 * file is decoded and checked whole before anything is stored; a download that fails is
 * recorded for the page and leaves the point's previous CRLs in place.
 *
 * <p>CRLs are node-local: Expressway peers each download their own (seed 004 describes the
 * sources per VCS), so nothing here is replicated.
 */
@ApplicationScoped
public class Crls {
    private static final Logger LOG = Logger.getLogger(Crls.class);
    /** The unit of the trusted CA list (as {@code expressway.TrustedCaList.STORE}; that package depends on this one). */
    static final String TRUSTED_CA_LIST = "trusted-ca-list";

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    /** A CRL as listed, with whether a trusted CA signed it (an unsigned one is listed but never used). */
    public record Listed(CrlRow row, boolean signedByTrustedCa, boolean expired) {
    }

    /** A loaded file's outcome: what was stored, what it replaced, and warnings (unsigned, expired). */
    public record Loaded(List<CrlRow> crls, int replaced, List<String> warnings) {
    }

    /** One distribution point's download: stored CRLs, or why not. */
    public record Fetch(String distributionPoint, boolean succeeded, String detail, int crls) {
    }

    // --- The list ---

    @Transactional
    public List<Listed> list() {
        requireExpressway();
        List<X509CertificateHolder> trusted = trustedCas();
        Instant now = clock.instant();
        return CrlRow.all().stream().map(r -> new Listed(r, RevocationCheck.signedByTrustedCa(holder(r), trusted),
                r.expiredAt(now))).toList();
    }

    @Transactional
    public CrlRow get(long id) {
        requireExpressway();
        CrlRow row = CrlRow.findById(id);
        if (row == null) {
            throw new DomainProblem(ProblemType.CRL_NOT_FOUND, "No CRL with id " + id + " is loaded.");
        }
        return row;
    }

    // --- Manual CRL updates ---

    /** Upload CRL file: PEM; replaces the previously uploaded file. */
    @Transactional
    public Loaded uploadManual(byte[] body) {
        requireExpressway();
        checkSize(body);
        List<X509CRLHolder> crls = CrlFile.fromPemUpload(body);
        List<CrlFacts> facts = crls.stream().map(CrlFacts::of).toList();
        List<CrlRow> previous = CrlRow.bySource(CrlSource.MANUAL);
        previous.forEach(CrlRow::delete);
        List<CrlRow> stored = store(CrlSource.MANUAL, null, facts);
        LOG.infof("manual CRL file loaded: %d CRL(s), %d entries, replacing %d", stored.size(),
                stored.stream().mapToInt(r -> r.entries).sum(), previous.size());
        return new Loaded(stored, previous.size(), warnings(crls, facts));
    }

    /** Remove revocation list: the manually uploaded file only. */
    @Transactional
    public int removeManual() {
        requireExpressway();
        return (int) CrlRow.delete("source", CrlSource.MANUAL);
    }

    // --- CRLs in the trusted CA file ---

    /**
     * The CRL blocks of an appended trusted CA file, in the caller's transaction. A CRL of an
     * issuer that the file already had replaces the earlier one (OpenSSL would use the latest).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Loaded appendToTrustedCaFile(List<X509CRLHolder> crls) {
        List<CrlFacts> facts = crls.stream().map(CrlFacts::of).toList();
        int replaced = 0;
        for (CrlFacts f : facts) {
            replaced += (int) CrlRow.delete("source = ?1 and issuer = ?2", CrlSource.TRUSTED_CA_FILE, f.issuer());
        }
        return new Loaded(store(CrlSource.TRUSTED_CA_FILE, null, facts), replaced, warnings(crls, facts));
    }

    /** Reset to default CA certificate takes the file's CRLs with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int removeTrustedCaFileCrls() {
        return (int) CrlRow.delete("source", CrlSource.TRUSTED_CA_FILE);
    }

    // --- Automatic CRL updates ---

    @Transactional
    public CrlUpdateSettings settings() {
        requireExpressway();
        CrlSettingsRow row = CrlSettingsRow.findById(CrlSettingsRow.ONLY);
        return row == null ? CrlUpdateSettings.DEFAULT : toSettings(row);
    }

    /** The last download from each configured point, in the settings' order. */
    @Transactional
    public List<CrlFetchRow> fetches() {
        requireExpressway();
        return CrlFetchRow.list("order by distributionPoint");
    }

    /**
     * Save: the next automatic update is at the first daily update time after now. CRLs of
     * points no longer listed are removed with their download record.
     */
    @Transactional
    public CrlUpdateSettings save(CrlUpdateSettings settings) {
        requireExpressway();
        CrlSettingsRow row = CrlSettingsRow.findById(CrlSettingsRow.ONLY);
        if (row == null) {
            row = new CrlSettingsRow();
            row.id = CrlSettingsRow.ONLY;
        }
        Instant now = clock.instant();
        row.automaticUpdates = settings.automaticUpdates();
        row.distributionPoints = String.join("\n", settings.distributionPoints().stream().map(URI::toString).toList());
        row.dailyUpdateTime = settings.dailyUpdateTimeText();
        row.lastRunAt = now;
        row.updatedAt = now;
        row.persist();
        List<String> kept = settings.distributionPoints().stream().map(URI::toString).toList();
        for (CrlRow crl : CrlRow.bySource(CrlSource.AUTOMATIC)) {
            if (!kept.contains(crl.distributionPoint)) {
                crl.delete();
            }
        }
        for (CrlFetchRow fetch : CrlFetchRow.<CrlFetchRow>listAll()) {
            if (!kept.contains(fetch.distributionPoint)) {
                fetch.delete();
            }
        }
        return settings;
    }

    /**
     * Download from every configured point now: each point's CRLs replace its previous ones
     * when the download decodes; a failure is recorded (and logged), the old CRLs stay.
     */
    public List<Fetch> updateNow() {
        requireExpressway();
        CrlUpdateSettings settings = QuarkusTransaction.requiringNew().call(this::settings);
        List<X509CertificateHolder> trusted = QuarkusTransaction.requiringNew().call(this::trustedCas);
        var crl = config.expressway().crl();
        CrlFetcher fetcher = new CrlFetcher(crl.connectTimeout(), crl.readTimeout(), crl.maxDownloadBytes(), trusted);
        List<Fetch> outcomes = new ArrayList<>();
        for (URI point : settings.distributionPoints()) {
            CrlFetcher.Download download = fetcher.fetch(point);
            Fetch outcome;
            if (download.failure() != null) {
                outcome = new Fetch(point.toString(), false, download.failure(), 0);
            } else {
                try {
                    List<CrlFacts> facts = CrlFile.fromDistributionPoint(download.body(), crl.maxDownloadBytes()).stream()
                            .map(CrlFacts::of).toList();
                    QuarkusTransaction.requiringNew().run(() -> {
                        CrlRow.delete("source = ?1 and distributionPoint = ?2", CrlSource.AUTOMATIC, point.toString());
                        store(CrlSource.AUTOMATIC, point.toString(), facts);
                    });
                    outcome = new Fetch(point.toString(), true, facts.size() + " CRL(s), "
                            + facts.stream().mapToInt(CrlFacts::entries).sum() + " entries", facts.size());
                } catch (DomainProblem p) {
                    outcome = new Fetch(point.toString(), false, p.detail(), 0);
                }
            }
            if (!outcome.succeeded()) {
                LOG.warnf("CRL download from %s failed: %s", point, outcome.detail());
            }
            Fetch recorded = outcome;
            QuarkusTransaction.requiringNew().run(() -> record(recorded));
            outcomes.add(outcome);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            CrlSettingsRow row = CrlSettingsRow.findById(CrlSettingsRow.ONLY);
            if (row != null) {
                row.lastRunAt = clock.instant();
            }
        });
        return outcomes;
    }

    /** The daily update: runs when the update time has passed since the last run (or save). */
    @Scheduled(identity = "crl-automatic-update", every = "${ucfleet.node.expressway.crl.check-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void automaticUpdate() {
        if (!node.role().isExpressway()) {
            return;
        }
        boolean due = QuarkusTransaction.requiringNew().call(() -> {
            CrlSettingsRow row = CrlSettingsRow.findById(CrlSettingsRow.ONLY);
            return row != null && toSettings(row).dueAt(row.lastRunAt, clock.instant());
        });
        if (due) {
            List<Fetch> outcomes = updateNow();
            LOG.infof("automatic CRL update: %d of %d distribution point(s) downloaded",
                    outcomes.stream().filter(Fetch::succeeded).count(), outcomes.size());
        }
    }

    // --- Revocation checking ---

    /** The state of each certificate of a chain (leaf first), as seed 004 says: every CA in the chain of trust is checked. */
    @Transactional
    public List<RevocationCheck.Status> check(List<X509CertificateHolder> chain, RevocationCheck.Purpose purpose) {
        requireExpressway();
        List<X509CertificateHolder> trusted = trustedCas();
        boolean automatic = settings().automaticUpdates();
        Instant now = clock.instant();
        SipRevocationSettings sip = sipSettings();
        List<RevocationCheck.Status> out = new ArrayList<>();
        for (X509CertificateHolder certificate : chain) {
            List<RevocationCheck.Loaded> loaded = CrlRow.byIssuer(certificate.getIssuer().toString()).stream()
                    // Automatic CRLs are used while automatic updates are enabled; disabled, they are kept, unused.
                    .filter(r -> automatic || r.source != CrlSource.AUTOMATIC)
                    .map(r -> new RevocationCheck.Loaded(r.source, holder(r))).toList();
            RevocationCheck.Status status = RevocationCheck.check(certificate, loaded, trusted, purpose, now);
            out.add(purpose == RevocationCheck.Purpose.SIP_TLS ? RevocationCheck.forSipTls(status, sip) : status);
        }
        return out;
    }

    /**
     * What a SIP TLS connection's revocation check reads from this node, read in one transaction so
     * the network part runs outside it: the trusted CA list, the CRLs in use (both sources, as seed
     * 004 allows for SIP TLS), the SIP settings, and a TLS context trusting the list (an HTTPS CDP
     * "must have a valid certificate").
     */
    public record SipTlsInputs(List<X509CertificateHolder> trustedCas, List<RevocationCheck.Loaded> crls,
            SipRevocationSettings settings, javax.net.ssl.SSLContext cdpTls) {
    }

    @Transactional
    public SipTlsInputs sipTlsInputs() {
        requireExpressway();
        List<X509CertificateHolder> trusted = trustedCas();
        boolean automatic = settings().automaticUpdates();
        List<RevocationCheck.Loaded> loaded = CrlRow.<CrlRow>listAll().stream()
                .filter(r -> automatic || r.source != CrlSource.AUTOMATIC)
                .map(r -> new RevocationCheck.Loaded(r.source, holder(r))).toList();
        return new SipTlsInputs(trusted, loaded, sipSettings(), CrlFetcher.sslContext(trusted));
    }

    // --- Configuration > SIP: Certificate revocation checking ---

    @Transactional
    public SipRevocationSettings sipSettings() {
        requireExpressway();
        SipRevocationSettingsRow row = SipRevocationSettingsRow.findById(SipRevocationSettingsRow.ONLY);
        return row == null ? SipRevocationSettings.DEFAULT : new SipRevocationSettings(row.checkingEnabled, row.useOcsp,
                row.useCrls, row.allowCdpDownloads, row.fallbackRevoked);
    }

    @Transactional
    public SipRevocationSettings saveSip(SipRevocationSettings settings) {
        requireExpressway();
        SipRevocationSettingsRow row = SipRevocationSettingsRow.findById(SipRevocationSettingsRow.ONLY);
        if (row == null) {
            row = new SipRevocationSettingsRow();
            row.id = SipRevocationSettingsRow.ONLY;
        }
        row.checkingEnabled = settings.checkingEnabled();
        row.useOcsp = settings.useOcsp();
        row.useCrls = settings.useCrls();
        row.allowCdpDownloads = settings.allowCdpDownloads();
        row.fallbackRevoked = settings.fallbackRevoked();
        row.updatedAt = clock.instant();
        row.persist();
        return settings;
    }

    // --- Helpers ---

    private List<CrlRow> store(CrlSource source, String point, List<CrlFacts> facts) {
        Instant now = clock.instant();
        List<CrlRow> rows = new ArrayList<>();
        for (CrlFacts f : facts) {
            CrlRow row = CrlRow.of(source, point, f, now);
            row.persist();
            rows.add(row);
        }
        return rows;
    }

    private void record(Fetch outcome) {
        CrlFetchRow row = CrlFetchRow.findById(outcome.distributionPoint());
        if (row == null) {
            row = new CrlFetchRow();
            row.distributionPoint = outcome.distributionPoint();
        }
        row.attemptedAt = clock.instant();
        row.succeeded = outcome.succeeded();
        row.detail = outcome.detail();
        row.crls = outcome.crls();
        row.persist();
    }

    private List<String> warnings(List<X509CRLHolder> crls, List<CrlFacts> facts) {
        List<X509CertificateHolder> trusted = trustedCas();
        Instant now = clock.instant();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < crls.size(); i++) {
            CrlFacts f = facts.get(i);
            if (!RevocationCheck.signedByTrustedCa(crls.get(i), trusted)) {
                warnings.add("The CRL of \"" + f.issuer() + "\" is not signed by a certificate of the trusted CA list;"
                        + " it is not used until its CA is appended.");
            }
            if (f.expiredAt(now)) {
                warnings.add("The CRL of \"" + f.issuer() + "\" expired at " + f.nextUpdate()
                        + ": every certificate of that CA is treated as revoked until a current CRL is loaded.");
            }
        }
        return warnings;
    }

    private List<X509CertificateHolder> trustedCas() {
        return CertificateEntry.<CertificateEntry>list("unit", TRUSTED_CA_LIST).stream().map(CertificateEntry::holder).toList();
    }

    private void checkSize(byte[] body) {
        int max = config.expressway().crl().maxBytes();
        if (body != null && body.length > max) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The CRL file is " + body.length + " bytes; the limit is "
                    + max + " bytes.", Map.of("limit", max));
        }
    }

    private static CrlUpdateSettings toSettings(CrlSettingsRow row) {
        List<URI> points = Arrays.stream(row.distributionPoints.split("\n")).filter(s -> !s.isBlank()).map(URI::create).toList();
        return new CrlUpdateSettings(row.automaticUpdates, points, LocalTime.parse(row.dailyUpdateTime));
    }

    static X509CRLHolder holder(CrlRow row) {
        try {
            return new X509CRLHolder(row.der);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored CRL " + row.id + " does not decode", e);
        }
    }

    /** Other roles: 404, as the REST front does for its paths. */
    public void requireExpressway() {
        if (!node.role().isExpressway()) {
            throw new DomainProblem(ProblemType.EXPRESSWAY_ONLY, "CRL management is Expressway's (Maintenance > Security"
                    + " certificates > CRL management); " + node.fqdn() + " is a " + node.role().displayName + " node.");
        }
    }
}
