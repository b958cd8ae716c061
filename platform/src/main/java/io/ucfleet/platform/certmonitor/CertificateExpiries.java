package io.ucfleet.platform.certmonitor;

import java.time.Instant;
import java.util.List;

/**
 * What a node's Certificate Expiry Monitor watches, as {@code GET
 * /api/v1/certificate-monitor/certificates} answers it and cluster-sync's fleet overview reads
 * it: every certificate's expiry, judged by the node itself (its clock, its notification
 * window), so a node whose clock a harness moved shows what its own monitor would say.
 *
 * @param at the node's time of the answer
 * @param notificationStartDays the monitor's window: a certificate closer to expiry is {@code expiring}
 */
public record CertificateExpiries(Instant at, int notificationStartDays, List<Entry> certificates) {
    public static final String VALID = "valid";
    public static final String EXPIRING = "expiring";
    public static final String EXPIRED = "expired";

    /**
     * One certificate.
     *
     * @param usage {@code identity} or {@code trust}
     * @param state {@link #VALID}, {@link #EXPIRING} (within the window) or {@link #EXPIRED}
     * @param lastNotifiedAt when the monitor last notified about it; null when it has no alert
     */
    public record Entry(String unit, String usage, String commonName, String serialNumber, String sha256, Instant notAfter,
            String state, Instant lastNotifiedAt) {
    }
}
