package io.ucfleet.sync.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code ucfleet.cluster.*}: where the cluster's node-services are and the service account
 * (role {@code cluster}) to call them with. Every process of a cluster reads these keys, so
 * they keep their own prefix rather than joining {@link SyncConfig}.
 */
@ConfigMapping(prefix = "ucfleet.cluster")
public interface ClusterConfig {
    /** The HTTP base URL of every node-service, comma-separated (local). */
    Optional<List<String>> members();

    /**
     * Instead of {@link #members()}: a DNS name whose every address is a node, e.g. a
     * Kubernetes headless Service (one address per pod).
     */
    Optional<String> membersDns();

    /** Port of the addresses {@link #membersDns()} resolves to. Default 8443 (the nodes' HTTPS; their plain HTTP redirects the API). */
    @WithDefault("8443")
    int membersPort();

    /** Scheme of the addresses {@link #membersDns()} resolves to. Default {@code https}. */
    @WithDefault("https")
    String membersScheme();

    /** The service account's user name. Default {@code cluster}. */
    @WithDefault("cluster")
    String username();

    /** The service account's password. */
    Optional<String> password();
}
