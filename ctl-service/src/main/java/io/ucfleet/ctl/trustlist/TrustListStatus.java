package io.ucfleet.ctl.trustlist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.ctl.cluster.ClusterClient;
import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.ctl.cluster.NodeView;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.TrustListFile;
import io.ucfleet.ctl.trustlist.TrustListStore.EntryRow;
import io.ucfleet.ctl.trustlist.TrustListStore.StoredFile;
import io.ucfleet.platform.cluster.SecurityMode;
import io.ucfleet.platform.cluster.TrustListKind;

/** Whether the files still list the nodes' current certificates, asked of the nodes live. */
@ApplicationScoped
public class TrustListStatus {

    @Inject
    TrustListStore store;
    @Inject
    ClusterClient cluster;

    /** A listed certificate that is no longer the node's current one (or a node the file does not list). */
    public record Change(String file, String node, String unit, String listedSha256, String currentSha256) {
    }

    public record Status(String clusterSecurityMode, FileInfo ctl, List<FileInfo> itls, boolean ctlUpToDate,
            boolean ctlUpdateRequired, boolean itlUpToDate, List<Change> changes, List<String> unreachable,
            String signedBy) {
    }

    /** Compare what the files list with the nodes' current certificates (live). */
    public Status status() {
        SecurityMode mode = store.securityMode();
        Optional<StoredFile> ctl = store.latestCtl();
        List<StoredFile> itls = store.latestItls();
        List<Change> changes = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        Map<String, NodeView> byHost = new LinkedHashMap<>();
        for (String member : cluster.members()) {
            try {
                NodeView node = cluster.node(member);
                byHost.put(node.hostname(), node);
            } catch (ClusterException e) {
                unreachable.add(member + ": " + e.getMessage());
            }
        }
        ctl.ifPresent(f -> compare(TrustListKind.CTL.fileName, store.entries(f.id()), byHost, changes));
        for (StoredFile itl : itls) {
            compare(itl.tftpNode() + "/" + TrustListKind.ITL.fileName, store.entries(itl.id()), byHost, changes);
        }
        ctl.ifPresent(f -> {
            var listedNodes = store.entries(f.id()).stream().map(EntryRow::node).toList();
            byHost.values().stream().filter(n -> n.isCucm() && !listedNodes.contains(n.hostname()))
                    .forEach(n -> changes.add(new Change(TrustListKind.CTL.fileName, n.hostname(), "CallManager", null,
                            n.identity("CallManager").map(CertificateFields::sha256Hex).orElse(null))));
        });
        boolean ctlUpToDate = changes.stream().noneMatch(c -> c.file().equals(TrustListKind.CTL.fileName));
        boolean itlUpToDate = changes.stream().noneMatch(c -> !c.file().equals(TrustListKind.CTL.fileName));
        String signedBy = ctl.map(f -> TrustListFile.parse(f.content()).signerName()).orElse(null);
        // update CTLFile rebuilds the ITLs too, so a changed TVS also calls for it (as the nodes' flag says).
        boolean updateRequired = mode == SecurityMode.MIXED && ctl.isPresent() && !changes.isEmpty();
        return new Status(mode.wire, ctl.map(FileInfo::of).orElse(null), itls.stream().map(FileInfo::of).toList(),
                ctlUpToDate, updateRequired, itlUpToDate, changes, unreachable, signedBy);
    }

    private static void compare(String file, List<EntryRow> entries, Map<String, NodeView> nodes, List<Change> out) {
        for (EntryRow e : entries) {
            NodeView node = nodes.get(e.node());
            if (e.sha256() == null || node == null) {
                continue;
            }
            String current = node.identity(e.unit()).map(CertificateFields::sha256Hex).orElse(null);
            if (!e.sha256().equals(current)) {
                out.add(new Change(file, e.node(), e.unit(), e.sha256(), current));
            }
        }
    }
}
