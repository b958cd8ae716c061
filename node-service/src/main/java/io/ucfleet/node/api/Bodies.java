package io.ucfleet.node.api;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** A JSON body a resource cannot do without: none (or {@code null}) is a 400, never a default. */
final class Bodies {
    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is empty or JSON null; send a JSON"
                    + " object ({} where every field is optional).");
        }
        return body;
    }
}
