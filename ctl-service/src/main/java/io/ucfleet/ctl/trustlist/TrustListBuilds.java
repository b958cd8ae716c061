package io.ucfleet.ctl.trustlist;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.ctl.CtlConfig;
import io.ucfleet.ctl.cluster.ClusterClient;
import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.ctl.cluster.NodeView;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.TrustListFile;
import io.ucfleet.ctl.tlv.TrustListVerifier;
import io.ucfleet.platform.trustlist.TrustListWriter;
import io.ucfleet.ctl.trustlist.TrustListPlan.Listed;
import io.ucfleet.ctl.trustlist.TrustListStore.EntryRow;
import io.ucfleet.ctl.trustlist.TrustListStore.StoredFile;
import io.ucfleet.platform.cluster.SecurityMode;
import io.ucfleet.platform.cluster.TrustListKind;
import io.ucfleet.platform.problem.DomainProblem;

import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.ctl.cluster.ClusterConfig;

/**
 * The verbs that build and sign: {@code utils ctl set-cluster mixed-mode} / {@code non-secure-mode},
 * {@code utils ctl update CTLFile}, the ITL of every TFTP node (also on first demand), and telling
 * each Unified CM node what the files list. One build at a time.
 */
@ApplicationScoped
public class TrustListBuilds {
    private static final Logger LOG = Logger.getLogger(TrustListBuilds.class);

    @Inject
    TrustListStore store;
    @Inject
    ClusterClient cluster;
    @Inject
    CtlConfig config;
    @Inject
    ClusterConfig clusterConfig;
    @Inject
    Clock clock;

    public record Outcome(String clusterSecurityMode, FileInfo ctl, List<FileInfo> itls, List<String> notified,
            List<String> notNotified) {
    }

    public DigestAlgorithm digest() {
        return config.digest();
    }

    /** utils ctl set-cluster mixed-mode: builds the CTL (and ITLs) and switches the mode. */
    public synchronized Outcome setMixedMode() {
        if (store.securityMode() == SecurityMode.MIXED) {
            throw new DomainProblem(ProblemType.ALREADY_MIXED_MODE,
                    "The cluster is already in mixed mode; run update CTLFile to rebuild the CTL.");
        }
        return build(SecurityMode.MIXED, "set-cluster mixed-mode");
    }

    /** utils ctl set-cluster non-secure-mode: the CTL is rebuilt without CCM+TFTP certificates. */
    public synchronized Outcome setNonSecureMode() {
        if (store.securityMode() != SecurityMode.MIXED) {
            throw new DomainProblem(ProblemType.ALREADY_NON_SECURE_MODE, "The cluster is already in non-secure mode.");
        }
        return build(SecurityMode.NON_SECURE, "set-cluster non-secure-mode");
    }

    /** utils ctl update CTLFile */
    public synchronized Outcome updateCtlFile() {
        if (store.latestCtl().isEmpty()) {
            throw new DomainProblem(ProblemType.NO_CTL,
                    "The cluster has no CTL file yet; set the cluster to mixed mode first.");
        }
        return build(store.securityMode(), "update CTLFile");
    }

    /** Rebuild the ITL of every TFTP node (the CTL stays as it is). */
    public synchronized Outcome updateItlFiles() {
        return build(null, "update ITLFile");
    }

    /**
     * The ITL exists in non-secure mode too: built on first demand when none exists yet.
     * Returns false when the nodes cannot be reached.
     */
    public synchronized boolean ensureItl() {
        if (store.latestPublisherItl().isPresent()) {
            return true;
        }
        Instant now = clock.instant();
        // Phones retry every few seconds; do not make each retry wait for unreachable nodes.
        if (lastItlFailure != null && now.isBefore(lastItlFailure.plusSeconds(ITL_RETRY_SECONDS))) {
            return false;
        }
        try {
            build(null, "first ITL");
            lastItlFailure = null;
            return true;
        } catch (ClusterException | DomainProblem e) {
            lastItlFailure = now;
            LOG.warnf("no ITL yet and cannot build one (next try in %d s): %s", ITL_RETRY_SECONDS, e.getMessage());
            return false;
        }
    }

    /** The management API's reset: non-secure mode, no CTL, no ITL (built again on first demand). */
    public synchronized void reset() {
        store.clear();
        lastItlFailure = null;
        LOG.info("reset: no CTL or ITL files, non-secure mode");
    }

    /** Which ctl-service this is, for a snapshot: the nodes it serves. */
    private String identity() {
        return "ctl-service of " + String.join(",", clusterConfig.members().orElse(List.of()).stream().sorted().toList());
    }

    public synchronized Snapshot snapshot() {
        return store.snapshot(identity());
    }

    /** Back to a snapshot's mode and files; refused whole with a DomainProblem if it is of another ctl-service. */
    public synchronized void restore(Snapshot snapshot) {
        try {
            store.restore(snapshot, identity());
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, e.getMessage());
        }
        lastItlFailure = null;
        LOG.info("restored from a snapshot");
    }

    static final long ITL_RETRY_SECONDS = 15;
    private Instant lastItlFailure;

    /** {@code newMode} null: ITLs only. */
    private Outcome build(SecurityMode newMode, String reason) {
        List<NodeView> nodes = cluster.nodes();
        NodeView publisher = TrustListPlan.publisher(nodes);
        CertificateFields signer = publisher.identity("ITLRecovery").orElseThrow();
        DigestAlgorithm digest = digest();
        Instant now = clock.instant();
        TrustListWriter.Signer remote = (data, d) -> cluster.sign(publisher.baseUrl(), data, d, signer.sha256Hex());

        record Built(String kind, String tftpNode, byte[] content, List<Listed> listed) {
        }
        List<Built> built = new ArrayList<>();
        if (newMode != null) {
            List<Listed> ctl = TrustListPlan.ctl(nodes, newMode == SecurityMode.MIXED);
            byte[] file = write(TrustListKind.CTL.fileName, now, signer, digest, ctl, remote);
            built.add(new Built(TrustListKind.CTL.name(), "", file, ctl));
        }
        for (NodeView tftp : TrustListPlan.cucm(nodes)) {
            List<Listed> itl = TrustListPlan.itl(nodes, tftp);
            byte[] file = write(TrustListKind.ITL.fileName, now, signer, digest, itl, remote);
            built.add(new Built(TrustListKind.ITL.name(), tftp.hostname(), file, itl));
        }
        SecurityMode mode = newMode == null ? store.securityMode() : newMode;
        List<StoredFile> saved = store.inTransaction(c -> {
            List<StoredFile> out = new ArrayList<>();
            if (newMode != null) {
                store.setMode(c, newMode.wire, now);
            }
            for (Built b : built) {
                TrustListFile parsed = TrustListFile.parse(b.content());
                out.add(store.save(c, b.kind(), b.tftpNode(), b.content(), parsed.md5(), parsed.sha1(),
                        digest.displayName, mode.wire, reason, now, rows(b.listed())));
            }
            return out;
        });
        saved.forEach(f -> LOG.infof("%s: %s version %d of %s, %d bytes, SHA-1 %s", reason, f.kind(), f.version(),
                f.tftpNode().isEmpty() ? "the cluster" : f.tftpNode(), f.length(), f.sha1()));
        List<String> notified = new ArrayList<>();
        List<String> notNotified = new ArrayList<>();
        notifyNodes(nodes, notified, notNotified);
        Optional<StoredFile> ctl = store.latestCtl();
        return new Outcome(mode.wire, ctl.map(FileInfo::of).orElse(null),
                store.latestItls().stream().map(FileInfo::of).toList(), notified, notNotified);
    }

    /** Write, then verify as a phone would before anything is stored or served. */
    private static byte[] write(String name, Instant now, CertificateFields signer, DigestAlgorithm digest,
            List<Listed> listed, TrustListWriter.Signer remote) {
        byte[] file = TrustListWriter.write(name, now, signer, digest, listed.stream().map(Listed::entry).toList(),
                remote);
        var verification = TrustListVerifier.verify(TrustListFile.parse(file));
        if (!verification.verified()) {
            throw new ClusterException("the signed " + name + " does not verify (" + verification.message()
                    + "); the publisher's ITLRecovery may have changed during the build, run it again");
        }
        return file;
    }

    private static List<EntryRow> rows(List<Listed> listed) {
        List<EntryRow> rows = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Listed l = listed.get(i);
            rows.add(new EntryRow(i + 1, l.node().hostname(), l.unit(), l.role().name(),
                    l.certificate() == null ? null : l.certificate().sha256Hex()));
        }
        return rows;
    }

    /** Each Unified CM node learns the mode and which of its certificates the files list. */
    private void notifyNodes(List<NodeView> nodes, List<String> notified, List<String> notNotified) {
        Optional<StoredFile> ctl = store.latestCtl();
        List<EntryRow> listed = new ArrayList<>();
        ctl.ifPresent(f -> listed.addAll(store.entries(f.id())));
        store.latestItls().forEach(f -> listed.addAll(store.entries(f.id())));
        SecurityMode mode = store.securityMode();
        for (NodeView node : nodes) {
            if (!node.isCucm()) {
                continue;
            }
            Map<String, String> units = new LinkedHashMap<>();
            listed.stream().filter(e -> e.node().equals(node.hostname()) && e.sha256() != null)
                    .forEach(e -> units.putIfAbsent(e.unit(), e.sha256()));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("clusterSecurityMode", mode.wire);
            report.put("ctlVersion", ctl.map(StoredFile::version).orElse(null));
            report.put("listed", units.entrySet().stream().map(e -> Map.of("unit", e.getKey(), "sha256", e.getValue()))
                    .toList());
            try {
                cluster.reportStatus(node.baseUrl(), report);
                notified.add(node.hostname());
            } catch (ClusterException e) {
                LOG.warnf("could not tell %s the CTL status: %s", node.hostname(), e.getMessage());
                notNotified.add(node.hostname());
            }
        }
    }
}
