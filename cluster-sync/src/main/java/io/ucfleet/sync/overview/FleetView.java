package io.ucfleet.sync.overview;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.ucfleet.platform.certmonitor.CertificateExpiries;
import io.ucfleet.sync.status.SyncStatus;

/**
 * The fleet overview page's content, computed from the clusters' last reads: the summary, the
 * expiry timeline (a column of expired certificates, then calendar quarters, then "later"), one
 * row per node, the monitors' alerts and the certificates closest to expiry. Expired and
 * expiring are what each node's own monitor says (its clock, its notification window).
 */
public final class FleetView {
    /** Quarters the timeline shows after the current one; identity certificates mostly live 2-5 years. */
    static final int QUARTERS = 24;
    /** Rows of "closest to expiry": the page stays small with 10,000 certificates. */
    static final int SOONEST = 100;
    static final double CHART_WIDTH = 960;
    static final double CHART_HEIGHT = 180;
    static final double PLOT_TOP = 16;
    static final double PLOT_LEFT = 40;

    public record Summary(int clusters, int nodes, int answering, int certificates, int identities, int trusted, int expired,
            int expiring, int alerts, int ctlUpdatesRequired, int replicationProblems) {
    }

    /** A cluster's source: this cluster-sync, or a peer and how its last read went. */
    public record Source(String cluster, String from, Instant readAt, String readError) {
    }

    /** One timeline column; counts by kind. */
    public record Column(String label, String title, int expired, int expiring, int identity, int trust) {
        public int total() {
            return expired + expiring + identity + trust;
        }
    }

    /** One rectangle of the chart (SVG user units), with its tooltip. */
    public record Bar(double x, double y, double width, double height, String kind, String title) {
    }

    /** An axis label or grid line of the chart. */
    public record Tick(double x, double y, String text) {
    }

    /** A node's count in one timeline column, with the shade the page gives it. */
    public record Cell(int count, String shade) {
    }

    public record NodeRow(String cluster, String node, String fqdn, String url, String pagesUrl, String roleName, String release,
            boolean answering, String readError, Instant readAt, String synced, String syncReason, String syncMessage, Long lag,
            Long pending, Long held, Instant lastPullAt, String securityMode, Integer ctlVersion, Boolean ctlUpdateRequired,
            int ctlChanged, int ctlPendingUploads, int identities, int trusted, int expired, int expiring, Instant soonest, List<Cell> cells) {
    }

    public record CertificateRow(String cluster, String node, String unit, String usage, String commonName, Instant notAfter,
            long daysLeft, String state, Instant lastNotifiedAt, String detailsUrl) {
    }

    public final Instant at;
    public final Summary summary;
    public final List<Source> sources;
    public final List<Column> columns;
    public final List<Bar> bars;
    /** The count axis (left) and the time axis (below). */
    public final List<Tick> countTicks;
    public final List<Tick> timeTicks;
    public final List<NodeRow> nodes;
    public final List<CertificateRow> alerts;
    public final List<CertificateRow> soonest;
    /** Expired and expiring certificates in all, of which {@link #soonest} shows the first {@link #SOONEST}. */
    public final int soonestTotal;
    public final double chartWidth = CHART_WIDTH;
    public final double chartHeight = CHART_HEIGHT + PLOT_TOP + 40;

    /** One cluster with where it came from. */
    public record Shown(ClusterOverview cluster, Source source) {
    }

    public FleetView(List<Shown> clusters, Instant now) {
        this.at = now;
        LocalDate start = LocalDate.ofInstant(now, ZoneOffset.UTC).with(IsoFields.DAY_OF_QUARTER, 1);
        int columnCount = QUARTERS + 3; // expired, this quarter and QUARTERS more, later
        int[][] counts = new int[columnCount][4];
        List<NodeRow> rows = new ArrayList<>();
        List<CertificateRow> alertRows = new ArrayList<>();
        List<CertificateRow> near = new ArrayList<>();
        List<Source> sourceList = new ArrayList<>();
        int nodeCount = 0, answering = 0, certs = 0, identities = 0, trusted = 0, expired = 0, expiring = 0, ctlUpdates = 0,
                replicationProblems = 0;
        for (Shown shown : clusters) {
            sourceList.add(shown.source());
            if (shown.cluster() == null) {
                continue;
            }
            // a peer that stopped answering: its nodes are shown as it last read them, not as answering
            String stale = shown.source().readError() == null ? null
                    : "not read: its cluster-sync does not answer (as read at " + utc(shown.source().readAt()) + ")";
            for (NodeOverview n : shown.cluster().nodes()) {
                nodeCount++;
                boolean ok = n.readError() == null && stale == null;
                answering += ok ? 1 : 0;
                int[][] mine = new int[columnCount][4];
                int nodeIdentities = 0, nodeTrusted = 0, nodeExpired = 0, nodeExpiring = 0;
                Instant soonest = null;
                String clusterName = n.cluster() != null ? n.cluster() : shown.cluster().cluster();
                String name = n.node() != null ? n.node() : n.url();
                if (n.certificates() != null) {
                    for (CertificateExpiries.Entry e : n.certificates().certificates()) {
                        int column = column(e, start);
                        int kind = kind(e);
                        mine[column][kind]++;
                        counts[column][kind]++;
                        boolean identity = "identity".equals(e.usage());
                        nodeIdentities += identity ? 1 : 0;
                        nodeTrusted += identity ? 0 : 1;
                        nodeExpired += kind == 0 ? 1 : 0;
                        nodeExpiring += kind == 1 ? 1 : 0;
                        if (soonest == null || e.notAfter().isBefore(soonest)) {
                            soonest = e.notAfter();
                        }
                        if (kind <= 1 || e.lastNotifiedAt() != null) {
                            CertificateRow row = new CertificateRow(clusterName, name, e.unit(), e.usage(), e.commonName(),
                                    e.notAfter(), daysLeft(e.notAfter(), n.certificates().at()), e.state(), e.lastNotifiedAt(),
                                    n.url() + "/cmplatform/certificates/" + encode(e.unit()) + "/" + encode(e.sha256()));
                            if (kind <= 1) {
                                near.add(row);
                            }
                            if (e.lastNotifiedAt() != null) {
                                alertRows.add(row);
                            }
                        }
                    }
                }
                certs += nodeIdentities + nodeTrusted;
                identities += nodeIdentities;
                trusted += nodeTrusted;
                expired += nodeExpired;
                expiring += nodeExpiring;
                NodeOverview.CtlState ctl = n.ctl();
                ctlUpdates += ctl != null && ctl.ctlUpdateRequired() ? 1 : 0;
                SyncStatus.MemberView r = n.replication();
                boolean synced = r != null && r.condition() != null && r.condition().status();
                replicationProblems += r != null && r.condition() != null && r.condition().reason().failure ? 1 : 0;
                List<Cell> cells = new ArrayList<>();
                for (int c = 0; c < columnCount; c++) {
                    int[] k = mine[c];
                    int total = k[0] + k[1] + k[2] + k[3];
                    cells.add(new Cell(total, total == 0 ? "none" : k[0] > 0 ? "expired" : k[1] > 0 ? "expiring"
                            : total >= 10 ? "many" : total >= 3 ? "some" : "few"));
                }
                rows.add(new NodeRow(clusterName, name, n.fqdn(), n.url(), n.url() + "/cmplatform/", n.roleName(), n.release(), ok,
                        stale != null ? stale : n.readError(), n.readAt(), r == null || r.condition() == null ? null : synced ? "True" : "False",
                        r == null || r.condition() == null ? null : r.condition().reason().camelCase(),
                        r == null || r.condition() == null ? null : r.condition().message(), r == null ? null : r.lag(),
                        r == null ? null : r.pending(), r == null ? null : r.held(), r == null ? null : r.lastPullAt(),
                        ctl == null ? null : ctl.clusterSecurityMode(), ctl == null ? null : ctl.ctlVersion(),
                        ctl == null ? null : ctl.ctlUpdateRequired(), ctl == null ? 0 : ctl.changedIdentities(),
                        ctl == null ? 0 : ctl.pendingUploads(), nodeIdentities,
                        nodeTrusted, nodeExpired, nodeExpiring, soonest, List.copyOf(cells)));
            }
        }
        Comparator<CertificateRow> byExpiry = Comparator.comparing(CertificateRow::notAfter).thenComparing(CertificateRow::node)
                .thenComparing(CertificateRow::unit);
        near.sort(byExpiry);
        alertRows.sort(byExpiry);
        List<Column> cols = new ArrayList<>();
        for (int c = 0; c < columnCount; c++) {
            cols.add(new Column(label(c, start), title(c, start), counts[c][0], counts[c][1], counts[c][2], counts[c][3]));
        }
        this.sources = List.copyOf(sourceList);
        this.columns = List.copyOf(cols);
        this.nodes = List.copyOf(rows);
        this.alerts = List.copyOf(alertRows);
        this.soonestTotal = near.size();
        this.soonest = List.copyOf(near.subList(0, Math.min(SOONEST, near.size())));
        this.summary = new Summary((int) clusters.stream().filter(s -> s.cluster() != null).count(), nodeCount, answering, certs,
                identities, trusted, expired, expiring, alertRows.size(), ctlUpdates, replicationProblems);
        List<Bar> barList = new ArrayList<>();
        List<Tick> countAxis = new ArrayList<>();
        List<Tick> timeAxis = new ArrayList<>();
        chart(cols, barList, countAxis, timeAxis);
        this.bars = List.copyOf(barList);
        this.countTicks = List.copyOf(countAxis);
        this.timeTicks = List.copyOf(timeAxis);
    }

    /** 0 expired, 1 expiring (in the node's window), 2 identity, 3 trust. */
    private static int kind(CertificateExpiries.Entry e) {
        return CertificateExpiries.EXPIRED.equals(e.state()) ? 0 : CertificateExpiries.EXPIRING.equals(e.state()) ? 1
                : "identity".equals(e.usage()) ? 2 : 3;
    }

    /** Column 0 expired; 1 this quarter (also a past notAfter a node's own clock does not call expired); then quarters; last: later. */
    static int column(CertificateExpiries.Entry e, LocalDate start) {
        if (CertificateExpiries.EXPIRED.equals(e.state())) {
            return 0;
        }
        LocalDate day = LocalDate.ofInstant(e.notAfter(), ZoneOffset.UTC);
        long quarters = (day.getYear() - start.getYear()) * 4L + (day.get(IsoFields.QUARTER_OF_YEAR) - start.get(IsoFields.QUARTER_OF_YEAR));
        return (int) Math.max(1, Math.min(QUARTERS + 2, quarters + 1));
    }

    private static String label(int column, LocalDate start) {
        if (column == 0) {
            return "Expired";
        }
        if (column == QUARTERS + 2) {
            return "Later";
        }
        LocalDate q = start.plusMonths(3L * (column - 1));
        return q.getYear() + " Q" + q.get(IsoFields.QUARTER_OF_YEAR);
    }

    private static String title(int column, LocalDate start) {
        if (column == 0) {
            return "expired";
        }
        if (column == QUARTERS + 2) {
            return "from " + start.plusMonths(3L * (QUARTERS + 1));
        }
        LocalDate q = start.plusMonths(3L * (column - 1));
        return q + " to " + q.plusMonths(3).minusDays(1);
    }

    /** Stacked bars, one per column, scaled to the tallest; y grows downwards as in SVG. */
    private static void chart(List<Column> cols, List<Bar> bars, List<Tick> countTicks, List<Tick> timeTicks) {
        int max = Math.max(1, cols.stream().mapToInt(Column::total).max().orElse(1));
        double slot = (CHART_WIDTH - PLOT_LEFT) / cols.size();
        double baseline = PLOT_TOP + CHART_HEIGHT;
        for (int i = 0; i <= 4; i++) {
            int value = (int) Math.round(max * i / 4.0);
            countTicks.add(new Tick(PLOT_LEFT - 4, round(baseline - CHART_HEIGHT * value / max), Integer.toString(value)));
        }
        for (int c = 0; c < cols.size(); c++) {
            Column col = cols.get(c);
            double x = PLOT_LEFT + c * slot + 2;
            double y = baseline;
            int[] values = {col.expired(), col.expiring(), col.identity(), col.trust()};
            String[] kinds = {"expired", "expiring", "identity", "trust"};
            for (int k = 0; k < 4; k++) {
                if (values[k] == 0) {
                    continue;
                }
                double h = Math.max(1, CHART_HEIGHT * values[k] / max);
                y -= h;
                bars.add(new Bar(round(x), round(y), round(slot - 4), round(h), kinds[k],
                        col.label() + " (" + col.title() + "): " + values[k] + " " + kinds[k]));
            }
            // the first quarter of each year is labelled with the year, so labels never crowd
            String label = c == 0 || c == cols.size() - 1 ? col.label() : col.label().endsWith(" Q1") ? col.label().substring(0, 4) : null;
            if (label != null) {
                timeTicks.add(new Tick(round(x + (slot - 4) / 2), baseline + 14, label));
            }
        }
    }

    /** An instant as the page shows it: UTC to the second. */
    public static String utc(Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Whole days to notAfter, rounded up, as the monitor's alerts count them; negative once expired. */
    static long daysLeft(Instant notAfter, Instant now) {
        long seconds = Duration.between(now, notAfter).toSeconds();
        return -Math.floorDiv(-seconds, 86_400L);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
