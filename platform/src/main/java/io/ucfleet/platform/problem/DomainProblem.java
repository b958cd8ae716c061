package io.ucfleet.platform.problem;

import java.util.Map;

/**
 * A problem the caller can act on. Domain code throws it; the API turns it into problem+json.
 * {@code extensions} become extra members of the problem body (e.g. the missing issuer).
 */
public class DomainProblem extends RuntimeException {
    private final ProblemType type;
    private final transient Map<String, Object> extensions;

    public DomainProblem(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public DomainProblem(ProblemType type, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
