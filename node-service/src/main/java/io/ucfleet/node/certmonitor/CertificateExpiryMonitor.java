package io.ucfleet.node.certmonitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.certmonitor.CertificateExpiries;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The Cisco Certificate Expiry Monitor: on its schedule ({@link ExpirySchedule}) it notifies about
 * every certificate of the node, identity and trust, that expires within the notification start
 * time, by e-mail (Quarkus Mailer, {@code quarkus.mailer.*}) and as an alert the API lists; and it
 * publishes each certificate's seconds until expiry as the Prometheus gauge
 * {@code ucfleet_certificate_expiry_seconds}. Time is the node's injected clock, so moving it
 * (management API) moves the monitor.
 */
@ApplicationScoped
public class CertificateExpiryMonitor {
    private static final Logger LOG = Logger.getLogger(CertificateExpiryMonitor.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");
    static final int MAX_START_DAYS = 365;
    /** An SMTP server that does not answer does not hold the monitor (or the harness's tick) longer. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(8);

    @Inject
    Node node;
    @Inject
    Clock clock;
    @Inject
    ReactiveMailer mailer;
    @Inject
    MeterRegistry registry;

    private MultiGauge expiry;

    /** One alert as the API lists it. */
    public record Alert(String unit, String usage, String commonName, String serialNumber, String sha256, Instant notAfter,
            long daysLeft, String state, Instant firstNotifiedAt, Instant lastNotifiedAt, int notifications) {
    }

    /** What a run did. */
    public record Run(Instant at, boolean ran, List<Alert> notified, int emailsSent, String emailError, Instant nextRunAt) {
    }

    /** What the monitor reads of a certificate: not its DER, which a full listing would load every tick. */
    record Watched(String unit, String sha256, io.ucfleet.node.inventory.Usage usage, String commonName, String serialNumber,
            Instant notAfter) {
        static List<Watched> all() {
            return CertificateEntry.findAll().project(Watched.class).list();
        }

        String key() {
            return unit + "/" + sha256;
        }
    }

    @PostConstruct
    void metrics() {
        expiry = MultiGauge.builder("ucfleet.certificate.expiry").baseUnit("seconds")
                .description("Seconds until the certificate's notAfter (negative once expired)").register(registry);
    }

    public MonitorSettings settings() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            MonitorSettingsRow row = MonitorSettingsRow.findById(MonitorSettingsRow.ONLY);
            return row == null ? MonitorSettings.DEFAULTS : settings(row);
        });
    }

    /** "Save": every field is checked before anything is stored; null fields keep their value. */
    public MonitorSettings save(Integer startDays, Integer frequency, String unit, Boolean email, List<String> emailIds,
            Boolean lsc) {
        return QuarkusTransaction.requiringNew().call(() -> {
            MonitorSettingsRow row = MonitorSettingsRow.findById(MonitorSettingsRow.ONLY, LockModeType.PESSIMISTIC_WRITE);
            MonitorSettings current = row == null ? MonitorSettings.DEFAULTS : settings(row);
            MonitorSettings next = new MonitorSettings(startDays == null ? current.notificationStartDays() : startDays,
                    frequency == null ? current.notificationFrequency() : frequency,
                    unit == null ? current.notificationFrequencyUnit() : unit.strip().toLowerCase(java.util.Locale.ROOT),
                    email == null ? current.emailNotification() : email,
                    emailIds == null ? current.emailIds() : emailIds.stream().map(e -> e == null ? "" : e.strip()).toList(),
                    lsc == null ? current.lscExpiryMonitoring() : lsc);
            validate(next);
            if (row == null) {
                row = new MonitorSettingsRow();
                row.id = MonitorSettingsRow.ONLY;
            }
            row.notificationStartDays = next.notificationStartDays();
            row.frequencyValue = next.notificationFrequency();
            row.frequencyUnit = next.notificationFrequencyUnit();
            row.emailEnabled = next.emailNotification();
            row.emailIds = String.join(",", next.emailIds());
            row.lscMonitoring = next.lscExpiryMonitoring();
            row.updatedAt = clock.instant();
            row.persist();
            return next;
        });
    }

    /** The alerts: certificates notified about that still exist and are still in the window. */
    public List<Alert> alerts() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Instant now = clock.instant();
            Map<String, Watched> byKey = new HashMap<>();
            Watched.all().forEach(e -> byKey.put(e.key(), e));
            List<Alert> out = new ArrayList<>();
            for (ExpiryAlert a : ExpiryAlert.<ExpiryAlert>list("order by notAfter, unit")) {
                Watched e = byKey.get(a.unit + "/" + a.sha256);
                if (e != null) {
                    out.add(alert(e, a, now));
                }
            }
            return out;
        });
    }

    /** Every certificate with its expiry state as this monitor judges it now; alerted ones carry their last notification. */
    public CertificateExpiries expiries() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Instant now = clock.instant();
            int startDays = settings().notificationStartDays();
            Map<String, Instant> notified = new HashMap<>();
            ExpiryAlert.<ExpiryAlert>listAll().forEach(a -> notified.put(a.unit + "/" + a.sha256, a.lastNotifiedAt));
            List<CertificateExpiries.Entry> entries = Watched.all().stream()
                    .sorted(java.util.Comparator.comparing(Watched::notAfter).thenComparing(Watched::unit))
                    .map(e -> new CertificateExpiries.Entry(e.unit(), e.usage().name().toLowerCase(java.util.Locale.ROOT),
                            e.commonName(), e.serialNumber(), e.sha256(), e.notAfter(),
                            !e.notAfter().isAfter(now) ? CertificateExpiries.EXPIRED
                                    : ExpirySchedule.inWindow(e.notAfter(), now, startDays) ? CertificateExpiries.EXPIRING
                                            : CertificateExpiries.VALID,
                            notified.get(e.key())))
                    .toList();
            return new CertificateExpiries(now, startDays, entries);
        });
    }

    /** Delayed by one tick: the first run sees the identities the boot creates, not an empty node. */
    @Scheduled(identity = "certificate-expiry-monitor", every = "${ucfleet.node.certificate-monitor.tick:60s}",
            delayed = "${ucfleet.node.certificate-monitor.tick:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        tick();
    }

    /** The scheduler's tick (and the management API's): runs the monitor if its schedule says so. */
    public synchronized Run tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        MonitorSettings settings = settings();
        record Due(List<Alert> notified, Instant nextRun, boolean ran) {
        }
        Due due = QuarkusTransaction.requiringNew().call(() -> {
            List<Watched> all = Watched.all();
            refreshMetrics(all);
            boolean near = all.stream().anyMatch(e -> ExpirySchedule.nearExpiry(e.notAfter(), now));
            MonitorRun run = MonitorRun.findById(MonitorRun.ONLY, LockModeType.PESSIMISTIC_WRITE);
            if (!ExpirySchedule.runDue(run == null ? null : run.lastRunAt, now, near)) {
                return new Due(List.of(), run.lastRunAt.plus(ExpirySchedule.interval(near)), false);
            }
            if (run == null) {
                run = new MonitorRun();
                run.id = MonitorRun.ONLY;
            }
            run.lastRunAt = now;
            run.persist();
            List<Alert> notified = new ArrayList<>();
            for (Watched e : all) {
                if (!ExpirySchedule.inWindow(e.notAfter(), now, settings.notificationStartDays())) {
                    continue;
                }
                ExpiryAlert a = ExpiryAlert.findById(new ExpiryAlert.Key(e.unit(), e.sha256()));
                if (!ExpirySchedule.notificationDue(e.notAfter(), a == null ? null : a.lastNotifiedAt, now, settings.frequency())) {
                    continue;
                }
                boolean first = a == null;
                if (first) {
                    a = new ExpiryAlert();
                    a.unit = e.unit();
                    a.sha256 = e.sha256();
                    a.firstNotifiedAt = now;
                }
                a.commonName = e.commonName() == null ? "" : e.commonName();
                a.notAfter = e.notAfter();
                a.lastNotifiedAt = now;
                a.notifications++;
                if (first) {
                    a.persist();
                }
                notified.add(alert(e, a, now));
            }
            // a certificate replaced or deleted is no longer an alert
            java.util.Set<String> present = all.stream().map(Watched::key).collect(java.util.stream.Collectors.toSet());
            ExpiryAlert.<ExpiryAlert>listAll().stream().filter(a -> !present.contains(a.unit + "/" + a.sha256))
                    .forEach(ExpiryAlert::delete);
            return new Due(notified, now.plus(ExpirySchedule.interval(near)), true);
        });
        int sent = 0;
        String error = null;
        if (due.ran() && !due.notified().isEmpty() && settings.emailNotification() && !settings.emailIds().isEmpty()) {
            for (Alert a : due.notified()) {
                try {
                    send(mail(a, settings.emailIds()));
                    sent++;
                } catch (RuntimeException e) {
                    error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    LOG.warnf("certificate expiry e-mail about %s to %s failed: %s", a.unit(), settings.emailIds(), error);
                }
            }
        }
        if (due.ran()) {
            LOG.infof("certificate expiry monitor: %d certificate(s) notified, %d e-mail(s) sent; next run %s",
                    due.notified().size(), sent, due.nextRun());
        }
        return new Run(now, due.ran(), due.notified(), sent, error, due.nextRun());
    }

    /**
     * One e-mail, bounded; a send that fails or stalls is tried once more on a new connection (a
     * connection an SMTP server dropped or left half-open fails the first try, not the notification).
     */
    private void send(Mail mail) {
        try {
            mailer.send(mail).await().atMost(SEND_TIMEOUT);
        } catch (RuntimeException first) {
            LOG.infof("certificate expiry e-mail: %s; trying once more", first.getMessage() == null
                    ? first.getClass().getSimpleName() : first.getMessage());
            mailer.send(mail).await().atMost(SEND_TIMEOUT);
        }
    }

    private Mail mail(Alert a, List<String> to) {
        String subject = "Certificate " + (a.state().equals("expired") ? "expired" : "expiring") + ": " + a.unit() + " "
                + a.commonName() + " on " + node.fqdn();
        String text = "The Certificate Expiry Monitor of " + node.fqdn() + " (" + node.role().displayName + ")\n"
                + (a.state().equals("expired") ? "found an expired certificate:\n\n" : "found a certificate that expires in "
                        + a.daysLeft() + " day(s):\n\n")
                + "  Certificate:    " + a.unit() + " (" + a.usage() + ")\n"
                + "  Common name:    " + a.commonName() + "\n"
                + "  Serial number:  " + a.serialNumber() + "\n"
                + "  Expires:        " + a.notAfter() + "\n"
                + "  SHA-256:        " + a.sha256() + "\n\n"
                + (a.usage().equals("identity") ? "Regenerate it, or have a CA sign a new CSR, in Cisco Unified OS Administration"
                        + " > Security > Certificate Management.\n" : "Replace or delete it in Cisco Unified OS Administration"
                                + " > Security > Certificate Management.\n");
        Mail mail = Mail.withText(to.get(0), subject, text);
        mail.setTo(to);
        return mail;
    }

    private void refreshMetrics(List<Watched> all) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Watched e : all) {
            Instant notAfter = e.notAfter();
            rows.add(MultiGauge.Row.of(Tags.of("node", node.hostname(), "unit", e.unit(), "usage",
                    e.usage().name().toLowerCase(java.util.Locale.ROOT), "common_name", e.commonName() == null ? "" : e.commonName(),
                    "serial", e.serialNumber() == null ? "" : e.serialNumber()), this,
                    m -> Duration.between(m.clock.instant(), notAfter).toSeconds()));
        }
        expiry.register(rows, true);
    }

    private static Alert alert(Watched e, ExpiryAlert a, Instant now) {
        long seconds = Duration.between(now, e.notAfter()).toSeconds();
        return new Alert(e.unit(), e.usage().name().toLowerCase(java.util.Locale.ROOT), e.commonName(), e.serialNumber(),
                e.sha256(), e.notAfter(), -Math.floorDiv(-seconds, 86_400L), seconds <= 0 ? "expired" : "expiring", a.firstNotifiedAt,
                a.lastNotifiedAt, a.notifications);
    }

    private static MonitorSettings settings(MonitorSettingsRow row) {
        return new MonitorSettings(row.notificationStartDays, row.frequencyValue, row.frequencyUnit, row.emailEnabled,
                row.emailIds.isEmpty() ? List.of() : Arrays.asList(row.emailIds.split(",")), row.lscMonitoring);
    }

    /** Ranges (our choice where Cisco's page is not documented here): start 1-365 days; frequency 1-24 hours or 1-365 days. */
    private static void validate(MonitorSettings s) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (s.notificationStartDays() < 1 || s.notificationStartDays() > MAX_START_DAYS) {
            errors.add(Map.of("field", "notificationStartDays", "message", "must be 1 to " + MAX_START_DAYS + " days"));
        }
        if (!s.notificationFrequencyUnit().equals("hours") && !s.notificationFrequencyUnit().equals("days")) {
            errors.add(Map.of("field", "notificationFrequencyUnit", "message", "must be hours or days"));
        } else if (s.notificationFrequency() < 1 || s.notificationFrequency() > (s.notificationFrequencyUnit().equals("hours") ? 24 : 365)) {
            errors.add(Map.of("field", "notificationFrequency", "message", "must be 1 to "
                    + (s.notificationFrequencyUnit().equals("hours") ? "24 hours" : "365 days")));
        }
        if (s.emailIds().size() > 50) {
            errors.add(Map.of("field", "emailIds", "message", "at most 50 addresses"));
        }
        s.emailIds().stream().filter(e -> !EMAIL.matcher(e).matches() || e.length() > 254).forEach(e ->
                errors.add(Map.of("field", "emailIds", "message", "\"" + e + "\" is not an e-mail address")));
        if (!errors.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The Certificate Monitor settings are not valid: "
                    + errors.stream().map(m -> m.get("field") + " " + m.get("message")).toList() + "; nothing was saved.",
                    Map.of("errors", errors));
        }
    }
}
