package io.ucfleet.node.ctlstatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.inventory.CertificateAdded;
import io.ucfleet.platform.cluster.SecurityMode;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The node's "CTL update required" flag. ctl-service reports the cluster security mode and
 * which of this node's identities the current CTL/ITL files list (unit and SHA-256); the flag
 * is up when the cluster is in mixed mode and either a listed identity is no longer the node's
 * current one, however it was replaced (regeneration or CA-signed install), or a certificate
 * was uploaded that seed 002 says needs a CTL update ("If mixed mode is enabled, you must
 * update the CTL file whenever you upload a new certificate"): a CA-signed identity, or an
 * import into one of {@link #CTL_TRUST_STORES}. Those stay pending until ctl-service reports a
 * newer CTL (update CTLFile, or the mode set again).
 */
@ApplicationScoped
public class CtlListing {
    private static final String MIXED = SecurityMode.MIXED.wire;
    /** Trust stores whose imports call for update CTLFile in mixed mode (issue 9, after seed 002). */
    public static final Set<String> CTL_TRUST_STORES = Set.of("CallManager-trust", "Phone-SAST-trust", "Phone-CTL-trust");

    @Inject
    EntityManager em;
    @Inject
    Identities identities;
    @Inject
    Node node;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.node.audit.ChangeTrail trail;

    public record Listed(String unit, String sha256) {
    }

    public record Report(String clusterSecurityMode, Integer ctlVersion, List<Listed> listed) {
    }

    public record Changed(String unit, String listedSha256, String currentSha256) {
    }

    /** Uploads into a unit since the CTL in effect was built. */
    public record Pending(String unit, String reason, int changes, Instant since) {
    }

    public record Status(String clusterSecurityMode, Integer ctlVersion, boolean ctlUpdateRequired,
            List<Changed> changed, List<Pending> pending, List<Listed> listed) {
    }

    /** Records, in the uploading transaction, an upload that calls for update CTLFile when the cluster is in mixed mode. */
    void onCertificateAdded(@Observes CertificateAdded added) {
        boolean needsCtl = added.type() == CertificateType.CA_SIGNED || CTL_TRUST_STORES.contains(added.unit());
        if (!needsCtl || !MIXED.equals(mode())) {
            return;
        }
        var now = java.sql.Timestamp.from(clock.instant());
        em.createNativeQuery("insert into ctl_pending_change (unit, reason, changes, first_at, last_at)"
                + " values (?1, ?2, 1, ?3, ?3) on conflict (unit) do update set reason = excluded.reason,"
                + " changes = ctl_pending_change.changes + 1, last_at = excluded.last_at")
                .setParameter(1, added.unit()).setParameter(2, added.reason()).setParameter(3, now).executeUpdate();
    }

    @Transactional
    public Status replace(Report report) {
        if (report == null || SecurityMode.parse(report.clusterSecurityMode()).isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "clusterSecurityMode must be \"mixed\" or"
                    + " \"non-secure\".");
        }
        List<Listed> listed = report.listed() == null ? List.of() : report.listed();
        for (Listed l : listed) {
            if (l == null || l.unit() == null || node.role().identity(l.unit()).isEmpty() || l.sha256() == null
                    || !l.sha256().matches("[0-9a-f]{64}")) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "listed: " + l + " is not an identity unit of"
                        + " this node with a lower-case hex SHA-256.", Map.of());
            }
        }
        Integer previousVersion = ctlVersion();
        List<?> modes = em.createNativeQuery("select security_mode from ctl_cluster_state").getResultList();
        String previousMode = modes.isEmpty() ? SecurityMode.NON_SECURE.wire : (String) modes.get(0);
        if (!previousMode.equals(report.clusterSecurityMode())) {
            trail.changed("security-mode", "cluster security mode", previousMode, report.clusterSecurityMode());
        }
        if (!java.util.Objects.equals(previousVersion, report.ctlVersion())) {
            trail.changed("ctl-version", "CTLFile.tlv", previousVersion == null ? null : previousVersion.toString(),
                    report.ctlVersion() == null ? null : report.ctlVersion().toString());
        }
        if (!MIXED.equals(report.clusterSecurityMode()) || !java.util.Objects.equals(previousVersion, report.ctlVersion())) {
            // A CTL built since (or none needed): it holds every upload made before it.
            em.createNativeQuery("delete from ctl_pending_change").executeUpdate();
        }
        em.createNativeQuery("delete from ctl_listing").executeUpdate();
        for (Listed l : listed) {
            em.createNativeQuery("insert into ctl_listing (unit, sha256) values (?1, ?2)").setParameter(1, l.unit())
                    .setParameter(2, l.sha256()).executeUpdate();
        }
        em.createNativeQuery("insert into ctl_cluster_state (id, security_mode, ctl_version, updated_at)"
                + " values (1, ?1, ?2, ?3) on conflict (id) do update set security_mode = excluded.security_mode,"
                + " ctl_version = excluded.ctl_version, updated_at = excluded.updated_at")
                .setParameter(1, report.clusterSecurityMode()).setParameter(2, report.ctlVersion())
                .setParameter(3, java.sql.Timestamp.from(clock.instant())).executeUpdate();
        return status();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Status status() {
        List<Object[]> state = em.createNativeQuery("select security_mode, ctl_version from ctl_cluster_state")
                .getResultList();
        String mode = state.isEmpty() ? SecurityMode.NON_SECURE.wire : (String) state.get(0)[0];
        Integer version = state.isEmpty() || state.get(0)[1] == null ? null : ((Number) state.get(0)[1]).intValue();
        List<Listed> listed = new ArrayList<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select unit, sha256 from ctl_listing order by unit")
                .getResultList()) {
            listed.add(new Listed((String) row[0], ((String) row[1]).trim()));
        }
        List<Changed> changed = new ArrayList<>();
        for (Listed l : listed) {
            Optional<IdentityProfile> profile = node.role().identity(l.unit());
            if (profile.isPresent()) {
                String current = identities.current(profile.get()).sha256;
                if (!current.equals(l.sha256())) {
                    changed.add(new Changed(l.unit(), l.sha256(), current));
                }
            }
        }
        List<Pending> pending = new ArrayList<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select unit, reason, changes, first_at"
                + " from ctl_pending_change order by first_at, unit").getResultList()) {
            pending.add(new Pending((String) row[0], (String) row[1], ((Number) row[2]).intValue(), instant(row[3])));
        }
        boolean mixed = MIXED.equals(mode);
        return new Status(mode, version, mixed && (!changed.isEmpty() || !pending.isEmpty()), changed,
                mixed ? pending : List.of(), listed);
    }

    @SuppressWarnings("unchecked")
    private String mode() {
        List<String> modes = em.createNativeQuery("select security_mode from ctl_cluster_state").getResultList();
        return modes.isEmpty() ? SecurityMode.NON_SECURE.wire : modes.get(0);
    }

    @SuppressWarnings("unchecked")
    private Integer ctlVersion() {
        List<Number> versions = em.createNativeQuery("select ctl_version from ctl_cluster_state").getResultList();
        return versions.isEmpty() || versions.get(0) == null ? null : versions.get(0).intValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
