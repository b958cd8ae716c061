package io.ucfleet.node.certmonitor;

import java.time.Duration;
import java.util.List;

/**
 * The Certificate Monitor page (OS Administration > Security > Certificate Monitor): notify from
 * {@code notificationStartDays} before expiry, every {@code notificationFrequency} (hours or days),
 * by e-mail to {@code emailIds} when enabled; LSC expiry monitoring (phones' LSCs, none in the
 * simulation). Defaults as a new install has them: 30 days, every 24 hours, e-mail on, no address.
 */
public record MonitorSettings(int notificationStartDays, int notificationFrequency, String notificationFrequencyUnit,
        boolean emailNotification, List<String> emailIds, boolean lscExpiryMonitoring) {

    static final MonitorSettings DEFAULTS = new MonitorSettings(30, 24, "hours", true, List.of(), false);

    public Duration frequency() {
        return "days".equals(notificationFrequencyUnit) ? Duration.ofDays(notificationFrequency)
                : Duration.ofHours(notificationFrequency);
    }
}
