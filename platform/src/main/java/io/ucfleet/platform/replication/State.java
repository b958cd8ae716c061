package io.ucfleet.platform.replication;

import java.util.List;

/** Everything a node knows of its replicated stores, for the full (anti-entropy) pass. */
public record State(String node, String epoch, List<String> trustStores, List<Version> versions) {
}
