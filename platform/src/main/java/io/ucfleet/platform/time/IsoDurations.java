package io.ucfleet.platform.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The management API's durations (clock offsets, latencies, delays): ISO-8601, refused with one sentence naming the field. */
public final class IsoDurations {
    private IsoDurations() {
    }

    /** {@code value} of the JSON field {@code field}, e.g. "P30D"; a missing or malformed one is a 400 naming it. */
    public static Duration parse(String field, String value, String example) {
        if (value == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body needs \"" + field + "\", an ISO-8601 duration such as \""
                    + example + "\".");
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"" + field + "\" is not an ISO-8601 duration such as \"" + example
                    + "\": \"" + value + "\".");
        }
    }
}
