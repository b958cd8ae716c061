package io.ucfleet.sync.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.sync.feed.NodeClient.NodeException;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/** A member's Synced condition: one reason at a time, our own sentence, and a since that moves only with the reason. */
class MemberTest {
    private static final String SECRET = "FATAL: password authentication failed for user \"sync\" at 10.0.0.7";
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private Member identified() {
        Member m = new Member("http://sub", clock);
        m.identified("sub.ucfleet.test", "e1", 5, 9, false);
        return m;
    }

    @Test
    void aNewMemberIsNotIdentifiedUntilItAnswersThenSynced() {
        Member m = new Member("http://sub", clock);
        assertEquals(Reason.NOT_IDENTIFIED, m.condition().reason());
        assertFalse(m.condition().status());
        assertEquals("Synced", m.condition().type());
        now = now.plusSeconds(3);
        m.identified("sub.ucfleet.test", "e1", 5, 9, false);
        assertEquals(new MemberCondition("Synced", true, Reason.SYNCED, "Its feed is read and every change for it is delivered.",
                now), m.condition());
        assertEquals(4, m.lag());
    }

    @Test
    void aMemberWhereANewNodeOrDatabaseAnswersIsNotIdentifiedUntilReadAfresh() {
        Member m = identified();
        m.forget();
        assertEquals(new MemberCondition("Synced", false, Reason.NOT_IDENTIFIED, Member.NOT_IDENTIFIED, now), m.condition());
        m.identified("sub2.ucfleet.test", "e2", 0, 3, false);
        assertEquals(Reason.SYNCED, m.condition().reason());
    }

    @Test
    void aFailureBecomesItsReasonWithOurSentenceNeverTheExceptionText() {
        Member m = identified();
        m.readFailed(Failure.of(new SQLException(SECRET), "storing its cursor"));
        assertEquals(Reason.DATABASE_UNAVAILABLE, m.condition().reason());
        assertEquals("cluster-sync's database failed while storing its cursor.", m.condition().message());
        m.readFailed(Failure.of(new ConnectException(SECRET), "reading its feed"));
        assertEquals(Reason.NODE_UNREACHABLE, m.condition().reason());
        assertFalse(m.condition().message().contains("10.0.0.7"), m.condition().message());
        assertFalse(m.reachable());
    }

    @Test
    void sinceMovesWhenTheReasonChangesNotOnEveryRetry() {
        Member m = identified();
        now = now.plusSeconds(10);
        Instant failedAt = now;
        m.readFailed(Failure.of(new IOException("reset"), "reading its feed"));
        now = now.plusSeconds(10);
        m.readFailed(Failure.of(new IOException("refused"), "identifying it"));
        assertEquals(failedAt, m.condition().since());
        assertEquals("The node did not answer while identifying it.", m.condition().message());
        now = now.plusSeconds(10);
        m.read(12);
        assertEquals(Reason.SYNCED, m.condition().reason());
        assertEquals(now, m.condition().since());
    }

    @Test
    void aFeedReadDoesNotHideThatDeliveriesToItFailAndPendingWorkShowsUntilDrained() {
        Member m = identified();
        m.deliveryFailed(Failure.of(new IOException("refused"), "applying changes to it"));
        m.backlogged();
        m.read(10);
        assertEquals(Reason.NODE_UNREACHABLE, m.condition().reason(), "its feed answered, deliveries to it did not");
        m.delivered(false);
        assertEquals(Reason.DELIVERIES_PENDING, m.condition().reason());
        assertTrue(m.backlog());
        m.delivered(true);
        assertEquals(Reason.SYNCED, m.condition().reason());
        assertTrue(m.condition().status());
    }

    @Test
    void heldDeliveriesShowAsARefusalUntilReleasedAndACredentialRejectionIsReportedOnceItReadsAgain() {
        Member m = identified();
        m.held(2);
        assertEquals(Reason.NODE_REFUSED, m.condition().reason());
        assertTrue(m.condition().message().startsWith("2 change(s) it refused are held"), m.condition().message());
        m.held(0);
        assertEquals(Reason.SYNCED, m.condition().reason());

        m.readFailed(Failure.of(new NodeException("answered 401", 401, null, ClusterChannel.Failure.MISCONFIGURED),
                "reading its feed"));
        assertEquals(Reason.NODE_REJECTED_CREDENTIALS, m.condition().reason());
        assertTrue(m.read(13), "it accepts the credentials again: what it rejected may be released");
        assertFalse(m.read(13), "an ordinary read releases nothing");
    }
}
