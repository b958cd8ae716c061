package io.ucfleet.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;

/**
 * The feed is in commit order: two changes whose transactions commit in the opposite order to
 * the one they were made in are both read by a cursor that only moves forward, with no full
 * pass to repair a skipped one. Real PostgreSQL, two real concurrent transactions.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class FeedOrderTest {
    @Inject
    ChangeFeed feed;
    @Inject
    Replica replica;

    private static CertificateEntry entry(String cn) {
        return CertificateEntry.of("tomcat-trust", Usage.TRUST, CertificateType.TRUST, "feed order",
                TestCertificates.selfSignedCa(cn).certificate(), Instant.now());
    }

    private static List<String> fingerprints(Feed page) {
        return page.changes().stream().map(Change::sha256).toList();
    }

    @Test
    void aChangeThatCommitsAfterALaterOneIsStillReadAfterTheCursorThatPassedTheLaterOne() throws Exception {
        CertificateEntry first = entry("made first, committed last");
        CertificateEntry second = entry("made second, committed first");
        long cursor = replica.changesAfter(0, 1).head();
        CountDownLatch made = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                feed.imported("tomcat-trust", first);
                made.countDown();
                try {
                    assertTrue(commit.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertTrue(made.await(30, TimeUnit.SECONDS));
            QuarkusTransaction.requiringNew().run(() -> feed.imported("CallManager-trust", second));

            Feed seen = replica.changesAfter(cursor, 1000);
            assertEquals(List.of(second.sha256), fingerprints(seen), "the one in flight is not in the feed yet");
            long passed = seen.changes().get(0).seq();
            assertEquals(passed, seen.head());

            commit.countDown();
            slow.get(30, TimeUnit.SECONDS);
            Feed next = replica.changesAfter(passed, 1000);
            assertEquals(List.of(first.sha256), fingerprints(next), "after the cursor that passed the other one");
            assertTrue(next.changes().get(0).seq() > passed);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }
}
