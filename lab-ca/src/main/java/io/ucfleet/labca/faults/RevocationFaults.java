package io.ucfleet.labca.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Faults of the public revocation endpoints, for testing clients (seed 001: "the client expects a
 * response time of less than 5 seconds"; seed 004's fallback "if the revocation source cannot be
 * contacted"): per endpoint a delay before the answer (bounded by
 * {@code ucfleet.lab-ca.max-fault-delay}, waited on a timer, no thread held) and/or an
 * unreachable switch (the connection is closed without an answer). In memory: a restart clears
 * them.
 */
@ApplicationScoped
public class RevocationFaults {
    /** {@code close}: after the delay (if any), close the connection without an HTTP answer. */
    public record Fault(Duration delay, boolean close, long hits) {
    }

    private record Setting(Duration delay, boolean close, AtomicLong hits) {
    }

    @Inject
    LabCaConfig config;

    private final Map<Endpoint, Setting> faults = new ConcurrentHashMap<>();

    public Fault set(Endpoint endpoint, Duration delay, boolean close) {
        Duration d = delay == null ? Duration.ZERO : delay;
        if (d.isNegative() || d.compareTo(config.maxFaultDelay()) > 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"delay\" must be between PT0S and "
                    + config.maxFaultDelay() + " (ucfleet.lab-ca.max-fault-delay), not " + d + ".");
        }
        if (d.isZero() && !close) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "A fault needs a \"delay\" or \"unreachable\": true;"
                    + " DELETE clears it.");
        }
        faults.put(endpoint, new Setting(d, close, new AtomicLong()));
        return view(faults.get(endpoint));
    }

    public void clear(Endpoint endpoint) {
        faults.remove(endpoint);
    }

    public void clearAll() {
        faults.clear();
    }

    public Map<Endpoint, Fault> all() {
        Map<Endpoint, Fault> all = new EnumMap<>(Endpoint.class);
        faults.forEach((e, s) -> all.put(e, view(s)));
        return all;
    }

    /** The fault a request to this path meets, counted as a hit. */
    public Optional<Fault> strike(String path) {
        return Endpoint.ofPath(path).map(faults::get).map(s -> {
            s.hits().incrementAndGet();
            return view(s);
        });
    }

    private static Fault view(Setting s) {
        return new Fault(s.delay(), s.close(), s.hits().get());
    }
}
