package io.ucfleet.ctl.cluster;

import java.time.Clock;
import java.util.List;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.ucfleet.platform.tls.MemberPins;

/** The cluster client from {@code ucfleet.cluster.*}, what it trusts the nodes by, and the clock. */
public class ClusterProducer {
    @Produces
    @Singleton
    ClusterClient client(ClusterConfig config, MemberPins pins) {
        return new ClusterClient(config.members().orElse(List.of()), config.username().orElse("cluster"),
                config.password().orElse(""), pins);
    }

    /** What ctl-service trusts the nodes by: the certificates pinned in its database (README, "HTTPS only"). */
    @Produces
    @Singleton
    MemberPins pins(javax.sql.DataSource dataSource, Clock clock, com.fasterxml.jackson.databind.ObjectMapper json) {
        return new MemberPins(dataSource, clock, json, "ctl-service");
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
