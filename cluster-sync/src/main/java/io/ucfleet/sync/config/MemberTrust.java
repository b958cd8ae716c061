package io.ucfleet.sync.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.ucfleet.platform.tls.MemberPins;

/** What cluster-sync trusts the nodes it calls by: the certificates pinned in its database (README, "HTTPS only"). */
public class MemberTrust {
    @Produces
    @Singleton
    MemberPins pins(AgroalDataSource dataSource, Clock clock, ObjectMapper json) {
        return new MemberPins(dataSource, clock, json, "cluster-sync");
    }
}
