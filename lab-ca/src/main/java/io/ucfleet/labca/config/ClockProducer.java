package io.ucfleet.labca.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ucfleet.platform.time.SimulatedClock;

/** The one clock of lab-ca's domain code (injected as {@code Clock}); the management API moves it ({@code /ucfleet/v1/clock}). */
public class ClockProducer {
    @Produces
    @Singleton
    SimulatedClock clock() {
        return SimulatedClock.systemUtc();
    }
}
