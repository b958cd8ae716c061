package io.ucfleet.labca.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.time.SimulatedClock;
import io.ucfleet.platform.tls.MemberPins;

/** What lab-ca trusts the nodes it enrolls and reads by: the certificates pinned in its database (README, "HTTPS only"). */
public class MemberTrust {
    @Produces
    @Singleton
    MemberPins pins(DataSource dataSource, SimulatedClock clock, ObjectMapper json) {
        return new MemberPins(dataSource, clock, json, "lab-ca");
    }
}
