package io.ucfleet.ctl.cluster;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code ucfleet.cluster.*}: every node-service's HTTP base URL and the service account to call them with. */
@ConfigMapping(prefix = "ucfleet.cluster")
public interface ClusterConfig {
    Optional<List<String>> members();

    Optional<String> username();

    Optional<String> password();
}
