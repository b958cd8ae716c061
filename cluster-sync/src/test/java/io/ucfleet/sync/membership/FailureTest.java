package io.ucfleet.sync.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

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
        assertEquals(Reason.NODE_REFUSED, of(new NodeException("GET answered 401: ...", 401, null)).reason());
        assertEquals(Reason.NODE_REFUSED, of(new NodeException("GET answered 503", 503, null)).reason(),
                "a 503 that is not the node's database-unavailable problem");
        assertEquals(Reason.NODE_DATABASE_UNAVAILABLE,
                of(new NodeException("GET answered 503", 503, "urn:ucfleet:problem:database-unavailable")).reason());
        assertEquals(Reason.NODE_ANSWER_INVALID, of(new JsonParseException(null, "Unexpected character '<'")).reason());
        assertEquals(Reason.DATABASE_UNAVAILABLE, of(new SQLException("Connection refused to 127.0.0.1:5432")).reason());
        assertEquals(Reason.INTERNAL_ERROR, of(new IllegalStateException("bug")).reason());
    }

    @Test
    void theMessageIsOursAndSaysWhatWasBeingDone() {
        assertEquals("The node answered HTTP 401 while reading its feed.",
                of(new NodeException("GET /api/v1/replication/changes answered 401: {\"detail\":\"x\"}", 401, null))
                        .message());
        assertEquals("An unexpected error occurred while reading its feed; cluster-sync's log has the details.",
                of(new NullPointerException("Cannot invoke \"String.equals(Object)\"")).message());
    }
}
