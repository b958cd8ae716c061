package io.ucfleet.sync.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.sync.SyncTestDatabase;
import io.ucfleet.sync.feed.NodeClient.NodeException;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/**
 * Pending work in cluster-sync's real PostgreSQL, with the real pending retrier running (its
 * target here is no member, so each attempt fails as "not identified", a retried reason): a
 * delivery the node refused is held and never attempted again, one it could not receive is
 * retried, and a release makes held work due again. Shares HealthTest's boot.
 */
@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
class HeldDeliveryTest {
    @Inject
    SyncStore store;

    @Test
    void aRefusalIsHeldAndNotRetriedAnUnreachableNodeIsRetriedAndAReleaseMakesHeldWorkDue() throws Exception {
        String node = "held-" + UUID.randomUUID() + ".ucfleet.test";
        UUID refused = UUID.randomUUID();
        UUID unreachable = UUID.randomUUID();
        UUID rejected = UUID.randomUUID();
        store.advance("origin-" + node, "http://127.0.0.1:9", "epoch", 3, 3, List.of(
                new SyncStore.NewPending(node, refused, "{}", Reason.NODE_UNREACHABLE, "first attempt"),
                new SyncStore.NewPending(node, unreachable, "{}", Reason.NODE_UNREACHABLE, "first attempt"),
                new SyncStore.NewPending(node, rejected, "{}", Reason.NODE_REJECTED_CREDENTIALS, "401")));
        assertTrue(row(node, rejected).held(), "a credential rejection is held from the start");
        assertFalse(row(node, unreachable).held());

        store.failed(List.of(row(node, refused).id()), Failure.of(new NodeException("answered 400", 400,
                "urn:ucfleet:problem:invalid-request", ClusterChannel.Failure.REFUSED), "applying changes to it"));
        SyncStore.Pending held = row(node, refused);
        assertTrue(held.held());
        assertEquals("NodeRefused", held.lastReason());
        assertEquals(2L, store.heldCounts().get(node));
        int attemptsWhenHeld = held.attempts();

        Thread.sleep(1_500); // the retrier runs every 100 ms; the first back-offs are 0.1, 0.2, 0.4 s
        assertTrue(row(node, unreachable).attempts() >= 2, "what may pass is tried again");
        assertEquals(attemptsWhenHeld, row(node, refused).attempts(), "a refusal is not asked again");
        assertEquals(0, row(node, rejected).attempts());
        assertFalse(store.due(10_000).stream().anyMatch(p -> p.targetNode().equals(node) && p.held()));

        assertEquals(2, store.release(node));
        assertFalse(row(node, refused).held());
        assertFalse(store.heldCounts().containsKey(node));
        for (int i = 0; i < 50 && row(node, rejected).attempts() == 0; i++) {
            Thread.sleep(100);
        }
        assertTrue(row(node, rejected).attempts() >= 1, "released work is attempted again");
        store.delivered(List.of(row(node, refused).id(), row(node, unreachable).id(), row(node, rejected).id()));
        assertEquals(0, store.pendingCount(node));
    }

    private SyncStore.Pending row(String node, UUID change) throws Exception {
        return store.pending(10_000).stream().filter(p -> p.targetNode().equals(node) && p.changeId().equals(change))
                .findFirst().orElseThrow();
    }
}
