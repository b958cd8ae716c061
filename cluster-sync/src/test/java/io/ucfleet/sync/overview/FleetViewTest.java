package io.ucfleet.sync.overview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ucfleet.platform.certmonitor.CertificateExpiries;
import io.ucfleet.platform.certmonitor.CertificateExpiries.Entry;
import io.ucfleet.sync.membership.MemberCondition;
import io.ucfleet.sync.status.SyncStatus;

class FleetViewTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static Entry entry(String unit, String usage, String notAfter, String state, Instant notified) {
        return new Entry(unit, usage, unit + "-cn", "01", unit + "-" + notAfter, Instant.parse(notAfter), state, notified);
    }

    static NodeOverview node(String name, String cluster, List<Entry> certificates, String readError, boolean synced) {
        MemberCondition condition = new MemberCondition(MemberCondition.SYNCED, synced,
                synced ? MemberCondition.Reason.SYNCED : MemberCondition.Reason.NODE_UNREACHABLE,
                synced ? "in sync" : "no answer", NOW);
        SyncStatus.MemberView replication = new SyncStatus.MemberView("http://" + name + ":8080", name, synced, "e1", 5, 7, 2,
                3L, 1, NOW, condition);
        return new NodeOverview("http://" + name + ":8080", name, name + ".example", "publisher", "Unified CM publisher", cluster,
                "15.0.1", NOW, readError, replication, new NodeOverview.CtlState("mixed", 3, true, 2, 0),
                new CertificateExpiries(NOW, 30, certificates));
    }

    @Test
    void certificatesFallIntoExpiredTheirQuarterOrLaterAndEachNodesRowCountsItsOwn() {
        NodeOverview pub = node("pub", "east", List.of(
                entry("tomcat", "identity", "2025-01-01T00:00:00Z", "expired", NOW.minusSeconds(3600)),
                entry("CallManager", "identity", "2026-12-20T00:00:00Z", "expiring", null),
                entry("tomcat-trust", "trust", "2027-02-01T00:00:00Z", "valid", null),
                entry("ipsec", "identity", "2027-05-01T00:00:00Z", "valid", null),
                entry("CAPF-trust", "trust", "2040-01-01T00:00:00Z", "valid", null)), null, true);
        NodeOverview sub = node("sub", "east", List.of(entry("tomcat", "identity", "2027-01-15T00:00:00Z", "valid", null)),
                "cannot reach cluster member http://sub:8080", false);
        FleetView view = new FleetView(List.of(new FleetView.Shown(new ClusterOverview("east", NOW, List.of(pub, sub)),
                new FleetView.Source("east", "this cluster-sync", NOW, null))), NOW);

        assertEquals(FleetView.QUARTERS + 3, view.columns.size());
        assertEquals("Expired", view.columns.get(0).label());
        assertEquals("2026 Q4", view.columns.get(1).label());
        assertEquals("2027 Q1", view.columns.get(2).label());
        assertEquals("Later", view.columns.get(view.columns.size() - 1).label());
        assertEquals(1, view.columns.get(0).expired());
        assertEquals(1, view.columns.get(1).expiring());
        assertEquals(1, view.columns.get(2).trust());
        assertEquals(1, view.columns.get(2).identity(), "sub's tomcat expires in 2027 Q1 too");
        assertEquals(1, view.columns.get(3).identity());
        assertEquals(1, view.columns.get(view.columns.size() - 1).trust());

        FleetView.Summary s = view.summary;
        assertEquals(1, s.clusters());
        assertEquals(2, s.nodes());
        assertEquals(1, s.answering(), "sub's last read failed: its old certificates are still shown");
        assertEquals(6, s.certificates());
        assertEquals(1, s.expired());
        assertEquals(1, s.expiring());
        assertEquals(1, s.alerts());
        assertEquals(2, s.ctlUpdatesRequired());
        assertEquals(1, s.replicationProblems());

        FleetView.NodeRow row = view.nodes.get(0);
        assertEquals("pub", row.node());
        assertEquals("http://pub:8080/cmplatform/", row.pagesUrl());
        assertEquals(3, row.identities());
        assertEquals(2, row.trusted());
        assertEquals("expired", row.cells().get(0).shade());
        assertEquals("expiring", row.cells().get(1).shade());
        assertEquals("none", row.cells().get(4).shade());
        assertEquals("True", row.synced());
        FleetView.NodeRow down = view.nodes.get(1);
        assertFalse(down.answering());
        assertEquals("False", down.synced());
        assertEquals("NodeUnreachable", down.syncReason());

        assertEquals(List.of("tomcat", "CallManager"), view.soonest.stream().map(FleetView.CertificateRow::unit).toList());
        assertEquals(-699, view.soonest.get(0).daysLeft(), "rounded up, as the monitor counts");
        assertEquals(19, view.soonest.get(1).daysLeft());
        assertEquals("http://pub:8080/cmplatform/certificates/tomcat/tomcat-2025-01-01T00%3A00%3A00Z", view.soonest.get(0).detailsUrl());
        assertEquals(1, view.alerts.size());
    }

    @Test
    void barsStackInTheirColumnAndTheTallestColumnFillsTheChart() {
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(entry("t" + i, "trust", "2027-02-01T00:00:00Z", "valid", null));
        }
        for (int i = 0; i < 10; i++) {
            many.add(entry("i" + i, "identity", "2027-02-01T00:00:00Z", "valid", null));
        }
        many.add(entry("x", "identity", "2026-12-05T00:00:00Z", "expiring", null));
        FleetView view = new FleetView(List.of(new FleetView.Shown(new ClusterOverview("c", NOW, List.of(node("n", "c", many,
                null, true))), new FleetView.Source("c", "this cluster-sync", NOW, null))), NOW);
        List<FleetView.Bar> q1 = view.bars.stream().filter(b -> b.title().startsWith("2027 Q1")).toList();
        assertEquals(2, q1.size());
        double top = q1.stream().mapToDouble(FleetView.Bar::y).min().orElseThrow();
        double height = q1.stream().mapToDouble(FleetView.Bar::height).sum();
        assertEquals(FleetView.PLOT_TOP, top, 0.2, "the tallest column reaches the top");
        assertEquals(FleetView.CHART_HEIGHT, height, 0.2);
        assertTrue(q1.get(0).title().endsWith("10 identity"), q1.get(0).title());
        assertEquals("50", view.countTicks.get(4).text());
        assertEquals(List.of("Expired", "2027", "2028", "2029", "2030", "2031", "2032", "Later"),
                view.timeTicks.stream().map(FleetView.Tick::text).toList(), "years at their first quarter");
    }

    @Test
    void thenNodesOfAPeerThatStoppedAnsweringAreShownAsLastReadNotAsAnswering() {
        NodeOverview exp = node("exp", "edge", List.of(entry("server", "identity", "2029-01-01T00:00:00Z", "valid", null)), null, true);
        FleetView view = new FleetView(List.of(new FleetView.Shown(new ClusterOverview("edge", NOW, List.of(exp)),
                new FleetView.Source("edge", "http://peer:8090", NOW.minusSeconds(60), "cluster-sync http://peer:8090: no answer"))),
                NOW);
        FleetView.NodeRow row = view.nodes.get(0);
        assertFalse(row.answering());
        assertEquals("not read: its cluster-sync does not answer (as read at 2026-12-01 09:59:00 UTC)", row.readError());
        assertEquals(0, view.summary.answering());
        assertEquals(1, view.summary.certificates(), "what it last said still counts");
    }

    @Test
    void aPeerThatNeverAnsweredIsASourceWithItsErrorAndNoNodes() {
        FleetView view = new FleetView(List.of(new FleetView.Shown(null,
                new FleetView.Source(null, "http://peer:8090", null, "cluster-sync http://peer:8090: no answer"))), NOW);
        assertEquals(0, view.summary.clusters());
        assertEquals(0, view.summary.nodes());
        assertEquals("cluster-sync http://peer:8090: no answer", view.sources.get(0).readError());
        assertNull(view.sources.get(0).readAt());
        assertTrue(view.soonest.isEmpty());
    }
}
