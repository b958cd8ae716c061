package io.ucfleet.sync.membership;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A member's status as one condition, as Kubernetes controllers report theirs: {@code Synced}
 * true or false, a CamelCase reason to decide by, a short sentence cluster-sync wrote (never an
 * exception's message: those go to the log), and when it last changed.
 */
public record MemberCondition(String type, boolean status, Reason reason, String message, Instant since) {
    public static final String SYNCED = "Synced";

    public enum Reason {
        /** Its feed is read, and every change for it is applied or pending behind nothing. */
        SYNCED("Synced", false),
        /** It has not answered since cluster-sync started, so which node it is is not known. */
        NOT_IDENTIFIED("NotIdentified", false),
        /** Deliveries to it wait as pending work; new changes queue behind them. */
        DELIVERIES_PENDING("DeliveriesPending", false),
        /** A request to it got no answer (refused, reset, timed out). */
        NODE_UNREACHABLE("NodeUnreachable", true),
        /** It answered with an error status. */
        NODE_REFUSED("NodeRefused", true),
        /** It answered that its database is unavailable (503 {@code database-unavailable}). */
        NODE_DATABASE_UNAVAILABLE("NodeDatabaseUnavailable", true),
        /** It answered something cluster-sync could not read. */
        NODE_ANSWER_INVALID("NodeAnswerInvalid", true),
        /** cluster-sync's own database failed, so its cursor or pending work could not be stored. */
        DATABASE_UNAVAILABLE("DatabaseUnavailable", true),
        /** Anything else; the log has the details. */
        INTERNAL_ERROR("InternalError", true);

        private final String name;
        /** Something failed (as opposed to a state that is simply not synced yet). */
        public final boolean failure;

        Reason(String name, boolean failure) {
            this.name = name;
            this.failure = failure;
        }

        @JsonValue
        public String camelCase() {
            return name;
        }
    }

    static MemberCondition of(Reason reason, String message, Instant since) {
        return new MemberCondition(SYNCED, reason == Reason.SYNCED, reason, message, since);
    }
}
