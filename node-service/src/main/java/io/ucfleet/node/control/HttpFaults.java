package io.ucfleet.node.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * HTTP faults the management API injects into this node's emulated and native APIs: for
 * requests whose path starts with a prefix (and, optionally, of one method), with a
 * probability, a latency and/or an answer status. The management API ({@code /ucfleet}) and
 * Quarkus' own endpoints ({@code /q}) are never faulted, so a harness can always clear them.
 * In memory: a restart clears them, as a real fault would not survive one either.
 */
@ApplicationScoped
public class HttpFaults {
    static final Duration MAX_LATENCY = Duration.ofMinutes(5);
    private static final List<String> NEVER = List.of("/ucfleet/", "/q/");

    /** A fault; {@code status} empty: only the latency. {@code hits}: requests it acted on. */
    public record Fault(String id, String pathPrefix, Optional<String> method, Optional<Integer> status, Duration latency,
            double probability, AtomicLong hits) {
        public long hitCount() {
            return hits.get();
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public List<Fault> list() {
        return List.copyOf(faults);
    }

    public Fault add(String pathPrefix, String method, Integer status, Duration latency, Double probability) {
        if (pathPrefix == null || !pathPrefix.startsWith("/")) {
            throw invalid("\"pathPrefix\" must be a path beginning with /, e.g. \"/platformcom/api/v1/certmgr\".");
        }
        if (NEVER.stream().anyMatch(n -> pathPrefix.startsWith(n) || n.startsWith(pathPrefix + "/") || n.equals(pathPrefix + "/"))) {
            throw invalid("The management API (/ucfleet) and Quarkus' endpoints (/q) cannot be faulted.");
        }
        if (status != null && (status < 200 || status > 599)) {
            throw invalid("\"status\" must be an HTTP status 200-599, not " + status + ".");
        }
        Duration wait = latency == null ? Duration.ZERO : latency;
        if (wait.isNegative() || wait.compareTo(MAX_LATENCY) > 0) {
            throw invalid("\"latency\" must be between PT0S and " + MAX_LATENCY + ".");
        }
        if (status == null && wait.isZero()) {
            throw invalid("A fault needs a \"status\", a \"latency\" or both.");
        }
        double p = probability == null ? 1.0 : probability;
        if (!(p > 0 && p <= 1)) {
            throw invalid("\"probability\" must be above 0 and at most 1, not " + p + ".");
        }
        Fault fault = new Fault("fault-" + ids.incrementAndGet(), pathPrefix,
                Optional.ofNullable(method).filter(m -> !m.isBlank()).map(m -> m.toUpperCase(java.util.Locale.ROOT)),
                Optional.ofNullable(status), wait, p, new AtomicLong());
        faults.add(fault);
        return fault;
    }

    public boolean remove(String id) {
        return faults.removeIf(f -> f.id().equals(id));
    }

    public void clear() {
        faults.clear();
    }

    /** The first fault that acts on this request, counted as a hit; empty for most requests. */
    public Optional<Fault> strike(String method, String path) {
        if (faults.isEmpty() || NEVER.stream().anyMatch(path::startsWith)) {
            return Optional.empty();
        }
        for (Fault f : faults) {
            if (path.startsWith(f.pathPrefix()) && f.method().map(m -> m.equalsIgnoreCase(method)).orElse(true)
                    && (f.probability() >= 1 || ThreadLocalRandom.current().nextDouble() < f.probability())) {
                f.hits().incrementAndGet();
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static DomainProblem invalid(String detail) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, detail);
    }
}
