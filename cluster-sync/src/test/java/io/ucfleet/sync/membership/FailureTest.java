package io.ucfleet.sync.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.sync.feed.NodeClient.NodeException;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/** What kind of failure an exception is, and the sentence we say instead of its message. */
class FailureTest {

    private static Failure of(Exception e) {
        return Failure.of(e, "reading its feed");
    }

    @Test
    void eachExceptionBecomesAReason() {
        assertEquals(Reason.NODE_UNREACHABLE, of(new HttpTimeoutException("request timed out")).reason());
        assertEquals(Reason.NODE_UNREACHABLE, of(new IOException("Connection reset")).reason());
        assertEquals(Reason.NODE_REJECTED_CREDENTIALS, of(answered(401, null)).reason());
        assertEquals(Reason.NODE_REFUSED, of(answered(400, "urn:ucfleet:problem:invalid-request")).reason());
        assertEquals(Reason.NODE_UNAVAILABLE, of(answered(503, null)).reason(),
                "a 503 that is not the node's database-unavailable problem");
        assertEquals(Reason.NODE_DATABASE_UNAVAILABLE, of(answered(503, "urn:ucfleet:problem:database-unavailable")).reason());
        assertEquals(Reason.NODE_ANSWER_INVALID, of(new JsonParseException(null, "Unexpected character '<'")).reason());
        assertEquals(Reason.DATABASE_UNAVAILABLE, of(new SQLException("Connection refused to 127.0.0.1:5432")).reason());
        assertEquals(Reason.INTERNAL_ERROR, of(new IllegalStateException("bug")).reason());
    }

    /** The node answered {@code status}, typed as the shared channel types it. */
    private static NodeException answered(int status, String problemType) {
        ClusterChannel.Failure kind = status == 401 || status == 403 ? ClusterChannel.Failure.MISCONFIGURED
                : status >= 502 && status <= 504 ? ClusterChannel.Failure.UNAVAILABLE : ClusterChannel.Failure.REFUSED;
        return new NodeException("GET /api/v1/replication/changes answered " + status + ": {\"detail\":\"x\"}", status,
                problemType, kind);
    }

    @Test
    void onlyWhatMayPassIsRetriedARefusalIsHeld() {
        assertTrue(of(new IOException("Connection reset")).retried());
        assertTrue(of(answered(503, null)).retried());
        assertTrue(of(answered(503, "urn:ucfleet:problem:database-unavailable")).retried());
        assertTrue(of(new SQLException("Connection refused")).retried(), "cluster-sync's own database comes back");
        assertFalse(of(answered(400, null)).retried());
        assertFalse(of(answered(500, null)).retried());
        assertFalse(of(answered(401, null)).retried());
        assertFalse(of(answered(403, null)).retried());
    }

    @Test
    void theMessageIsOursAndSaysWhatWasBeingDone() {
        assertEquals("The node answered HTTP 400 while reading its feed.", of(answered(400, null)).message());
        assertEquals("The node answered HTTP 401 while reading its feed. Check ucfleet.cluster.username/password"
                + " against the node's cluster account.", of(answered(401, null)).message());
        assertEquals("An unexpected error occurred while reading its feed; cluster-sync's log has the details.",
                of(new NullPointerException("Cannot invoke \"String.equals(Object)\"")).message());
    }
}
