package io.ucfleet.sync.api;

import java.time.Instant;

import io.quarkus.qute.TemplateExtension;
import io.ucfleet.sync.overview.FleetView;

/** How the fleet page writes values: {@code {n.lastPullAt.utc}}. */
@TemplateExtension
final class PageFormats {
    private PageFormats() {
    }

    static String utc(Instant at) {
        return FleetView.utc(at);
    }
}
