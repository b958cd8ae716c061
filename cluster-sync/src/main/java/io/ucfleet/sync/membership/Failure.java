package io.ucfleet.sync.membership;

import java.io.IOException;
import java.sql.SQLException;

import com.fasterxml.jackson.core.JacksonException;

import io.ucfleet.sync.feed.NodeClient.NodeException;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/**
 * What went wrong with a member, told by reason and by a sentence of ours; the exception itself
 * is kept only for the log.
 */
public record Failure(Reason reason, String message, Exception cause) {
    private static final String NODE_DATABASE_UNAVAILABLE = "urn:ucfleet:problem:database-unavailable";

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
            return new Failure(Reason.NODE_REFUSED, "The node answered HTTP " + refused.status + " while " + doing + ".", e);
        }
        if (e instanceof JacksonException) {
            return new Failure(Reason.NODE_ANSWER_INVALID, "The node's answer could not be read while " + doing + ".", e);
        }
        if (e instanceof IOException) {
            return new Failure(Reason.NODE_UNREACHABLE, "The node did not answer while " + doing + ".", e);
        }
        return new Failure(Reason.INTERNAL_ERROR, "An unexpected error occurred while " + doing
                + "; cluster-sync's log has the details.", e);
    }
}
