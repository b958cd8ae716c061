package io.ucfleet.node.zone;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The zones of seed 004's appendix 1 ("neighbor and traversal zones") that connect to a peer
 * address over SIP TLS: a neighbor zone, and the traversal client zone (Expressway-C to -E). A
 * traversal server zone accepts its client's connection and has no peer address to dial, so it
 * is not one of these.
 */
public enum ZoneType {
    NEIGHBOR("Neighbor"), TRAVERSAL_CLIENT("TraversalClient");

    /** As the REST API and the page show it. */
    public final String displayName;

    ZoneType(String displayName) {
        this.displayName = displayName;
    }

    /** "Neighbor", "TraversalClient" or "Traversal client", any case. */
    public static Optional<ZoneType> parse(String text) {
        String t = text.strip().replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(z -> z.displayName.toLowerCase(Locale.ROOT).equals(t)).findFirst();
    }
}
