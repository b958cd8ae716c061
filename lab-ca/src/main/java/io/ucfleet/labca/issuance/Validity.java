package io.ucfleet.labca.issuance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * A certificate's validity: {@code days} from now (starting 5 minutes back, as CAs backdate for
 * clients a little behind), or explicit {@code notBefore}/{@code notAfter} — which may both lie
 * in the past, to make an expired certificate on purpose. Default 365 days.
 */
public record Validity(Instant notBefore, Instant notAfter) {
    public static final int DEFAULT_DAYS = 365;
    public static final int MAX_DAYS = 36500;
    static final Duration BACKDATE = Duration.ofMinutes(5);

    /** Whole seconds, as X.509 times carry them, so the answer's times are the certificate's. */
    public Validity {
        notBefore = notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "\"notAfter\" (" + notAfter + ") must be after \"notBefore\" ("
                    + notBefore + ").");
        }
        if (Duration.between(notBefore, notAfter).toDays() > MAX_DAYS) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "A validity is at most " + MAX_DAYS + " days.");
        }
    }

    public static Validity of(Optional<Integer> days, Optional<Instant> notBefore, Optional<Instant> notAfter, Instant now) {
        if (days.isPresent() && (notBefore.isPresent() || notAfter.isPresent())) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "Give \"validityDays\" or \"notBefore\"/\"notAfter\", not both.");
        }
        if (days.isPresent() && (days.get() < 1 || days.get() > MAX_DAYS)) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "\"validityDays\" must be 1 to " + MAX_DAYS + ", not "
                    + days.get() + ".");
        }
        if (notBefore.isPresent() || notAfter.isPresent()) {
            Instant from = notBefore.orElse(now.minus(BACKDATE));
            Instant to = notAfter.orElse(from.plus(Duration.ofDays(DEFAULT_DAYS)));
            return new Validity(from, to);
        }
        return new Validity(now.minus(BACKDATE), now.plus(Duration.ofDays(days.orElse(DEFAULT_DAYS))));
    }
}
