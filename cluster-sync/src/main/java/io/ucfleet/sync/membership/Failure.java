package io.ucfleet.sync.membership;

import java.io.IOException;
import java.sql.SQLException;

import com.fasterxml.jackson.core.JacksonException;

import io.ucfleet.sync.feed.NodeClient;
import io.ucfleet.sync.feed.NodeClient.NodeException;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/**
 * What went wrong with a member, told by reason and by a sentence of ours; the exception itself
 * is kept only for the log.
 */
public record Failure(Reason reason, String message, Exception cause) {
    private static final String NODE_DATABASE_UNAVAILABLE = "urn:ucfleet:problem:database-unavailable";

    /** Whether a delivery that failed so is tried again after a back-off, or held. */
    public boolean retried() {
        return reason.retried;
    }

    /** Classifies {@code e}, thrown while {@code doing} (e.g. "reading its feed"). */
    public static Failure of(Exception e, String doing) {
        if (e instanceof SQLException) {
            return new Failure(Reason.DATABASE_UNAVAILABLE, "cluster-sync's database failed while " + doing + ".", e);
        }
        if (e instanceof NodeException refused) {
            if (refused.status == 503 && NODE_DATABASE_UNAVAILABLE.equals(refused.problemType)) {
                return new Failure(Reason.NODE_DATABASE_UNAVAILABLE,
                        "The node's database was unavailable while " + doing + ".", e);
            }
            Reason reason = switch (refused.kind) {
                case UNAVAILABLE -> Reason.NODE_UNAVAILABLE;
                case MISCONFIGURED -> Reason.NODE_REJECTED_CREDENTIALS;
                case REFUSED -> Reason.NODE_REFUSED;
            };
            return new Failure(reason, "The node answered HTTP " + refused.status + " while " + doing + "."
                    + (reason == Reason.NODE_REJECTED_CREDENTIALS ? " Check ucfleet.cluster.username/password against"
                            + " the node's cluster account." : ""), e);
        }
        if (e instanceof JacksonException) {
            return new Failure(Reason.NODE_ANSWER_INVALID, "The node's answer could not be read while " + doing + ".", e);
        }
        if (e instanceof NodeClient.Untrusted untrusted) {
            return new Failure(Reason.NODE_UNTRUSTED, "The node's certificate is not trusted (" + doing + "): "
                    + untrusted.getMessage() + ".", e);
        }
        if (e instanceof IOException) {
            return new Failure(Reason.NODE_UNREACHABLE, "The node did not answer while " + doing + ".", e);
        }
        return new Failure(Reason.INTERNAL_ERROR, "An unexpected error occurred while " + doing
                + "; cluster-sync's log has the details.", e);
    }
}
