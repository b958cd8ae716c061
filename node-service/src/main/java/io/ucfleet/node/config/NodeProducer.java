package io.ucfleet.node.config;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.platform.time.SimulatedClock;

/** Resolves the configured node once and fails the boot on a bad role. */
public class NodeProducer {

    @Produces
    @Singleton
    Node node(NodeConfig config) {
        NodeRole role = NodeRole.byConfigName(config.role()).orElseThrow(() -> new IllegalStateException(
                "ucfleet.node.role=" + config.role() + " is not a role; use one of "
                        + Arrays.stream(NodeRole.values()).map(r -> r.configName).collect(Collectors.joining(", "))));
        var problems = role.inconsistencies();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("role table is inconsistent: " + problems);
        }
        return new Node(config.hostname(), config.fqdn(), config.ip(), role, config.clusterName(), config.subject());
    }

    /** The configured release; a malformed one fails the boot. */
    @Produces
    @Singleton
    Release release(NodeConfig config) {
        return Release.parse(config.version());
    }

    /** The one clock of the node's domain code (injected as {@code Clock}); the management API moves it ({@code /ucfleet/v1/clock}). */
    @Produces
    @Singleton
    SimulatedClock clock() {
        return SimulatedClock.systemUtc();
    }
}
