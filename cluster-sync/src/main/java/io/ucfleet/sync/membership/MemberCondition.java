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
        SYNCED("Synced", false, true),
        /** It has not answered since cluster-sync started, so which node it is is not known. */
        NOT_IDENTIFIED("NotIdentified", false, true),
        /** Deliveries to it wait as pending work; new changes queue behind them. */
        DELIVERIES_PENDING("DeliveriesPending", false, true),
        /** A request to it got no answer (refused, reset, timed out). */
        NODE_UNREACHABLE("NodeUnreachable", true, true),
        /**
         * It presented a certificate cluster-sync does not trust for it (not the one pinned, nor
         * one its feed announced): tried again after a back-off, as an administrator may forget
         * its pin meanwhile.
         */
        NODE_UNTRUSTED("NodeUntrusted", true, true),
        /** It answered 502, 503 or 504: busy or starting. */
        NODE_UNAVAILABLE("NodeUnavailable", true, true),
        /**
         * It answered and refused the request (4xx other than 401/403, or 500): asking again
         * changes nothing, so such a delivery is held, not retried (see {@code SyncStore#failed}).
         */
        NODE_REFUSED("NodeRefused", true, false),
        /** It does not accept the cluster account (401/403): held like a refusal until it reads again. */
        NODE_REJECTED_CREDENTIALS("NodeRejectedCredentials", true, false),
        /** It answered that its database is unavailable (503 {@code database-unavailable}). */
        NODE_DATABASE_UNAVAILABLE("NodeDatabaseUnavailable", true, true),
        /** It answered something cluster-sync could not read. */
        NODE_ANSWER_INVALID("NodeAnswerInvalid", true, true),
        /** cluster-sync's own database failed, so its cursor or pending work could not be stored. */
        DATABASE_UNAVAILABLE("DatabaseUnavailable", true, true),
        /** Anything else; the log has the details. */
        INTERNAL_ERROR("InternalError", true, true);

        private final String name;
        /** Something failed (as opposed to a state that is simply not synced yet). */
        public final boolean failure;
        /** A delivery that failed so is worth another attempt after a back-off. */
        public final boolean retried;

        Reason(String name, boolean failure, boolean retried) {
            this.name = name;
            this.failure = failure;
            this.retried = retried;
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
