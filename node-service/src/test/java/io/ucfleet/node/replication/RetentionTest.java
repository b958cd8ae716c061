package io.ucfleet.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.x509.Fingerprint;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;
import io.ucfleet.platform.time.SimulatedClock;

/**
 * The replication tables stay bounded without breaking idempotency: past the retention, a
 * peer's change key and this node's outbox changes go (the newest stays), a change delivered
 * again after its key is gone is superseded by the kept version, not applied twice, and the
 * feed tells a reader whose cursor is older than what it keeps.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class RetentionTest {
    @Inject
    ChangeFeed feed;
    @Inject
    Replica replica;
    @Inject
    Retention retention;
    @Inject
    SimulatedClock clock;

    @AfterEach
    void hostTime() {
        clock.offset(Duration.ZERO);
    }

    private static CertificateEntry entry(String cn) {
        return CertificateEntry.of("tomcat-trust", Usage.TRUST, CertificateType.TRUST, "retention",
                TestCertificates.selfSignedCa(cn).certificate(), Instant.now());
    }

    @Test
    void pastTheRetentionKeysAndOutboxGoTheNewestStaysAndARedeliveredChangeIsNotAppliedAgain() throws Exception {
        long cursor = replica.changesAfter(0, 1).head();
        CertificateEntry old = entry("retention old");
        CertificateEntry newest = entry("retention newest");
        QuarkusTransaction.requiringNew().run(() -> feed.imported("tomcat-trust", old));
        byte[] peerDer = TestCertificates.selfSignedCa("retention from a peer").certificate().getEncoded();
        Change peer = new Change(null, UUID.randomUUID(), Change.Operation.IMPORT, "tomcat-trust", Fingerprint.sha256(peerDer),
                peerDer, null, System.currentTimeMillis() * 1000, "peer.ucfleet.test", Instant.now());
        assertEquals(Replica.Outcome.APPLIED, replica.apply(peer));
        QuarkusTransaction.requiringNew().run(() -> feed.imported("CallManager-trust", newest));

        assertEquals(new Retention.Pruned(0, 0), retention.prune(), "nothing is older than 7 days");
        clock.offset(Duration.ofDays(8));
        Retention.Pruned pruned = retention.prune();
        assertTrue(pruned.appliedKeys() >= 1 && pruned.outboxChanges() >= 1, pruned.toString());

        Feed after = replica.changesAfter(cursor, 1000);
        List<String> kept = after.changes().stream().map(Change::sha256).toList();
        assertEquals(List.of(newest.sha256), kept, "only the newest change stays");
        assertTrue(after.prunedAfter(cursor), "a reader at " + cursor + " learns it missed changes: oldest " + after.oldest());
        assertFalse(after.prunedAfter(after.oldest() - 1));
        assertEquals(after.head(), after.changes().get(0).seq());

        assertEquals(Replica.Outcome.SUPERSEDED, replica.apply(peer), "its key is gone, its version is not");
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> CertificateEntry.findByUnitAndSha256In("tomcat-trust",
                List.of(peer.sha256())).size()));
    }
}
