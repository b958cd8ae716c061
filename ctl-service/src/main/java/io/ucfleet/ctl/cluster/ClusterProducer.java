package io.ucfleet.ctl.cluster;

import java.time.Clock;
import java.util.List;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The cluster client from {@code ucfleet.cluster.*}, and the clock. */
public class ClusterProducer {
    @Produces
    @Singleton
    ClusterClient client(ClusterConfig config) {
        return new ClusterClient(config.members().orElse(List.of()), config.username().orElse("cluster"),
                config.password().orElse(""));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
