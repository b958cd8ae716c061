package io.ucfleet.node.ctlstatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.IdentityProfile;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/**
 * The node's "CTL update required" flag. ctl-service reports the cluster security mode and
 * which of this node's identities the current CTL/ITL files list (unit and SHA-256); the flag
 * is up when the cluster is in mixed mode and a listed identity is no longer the node's
 * current one, however it was replaced (regeneration or CA-signed install).
 */
@ApplicationScoped
public class CtlListing {
    public static final String MIXED = "mixed";
    public static final String NON_SECURE = "non-secure";

    @Inject
    EntityManager em;
    @Inject
    Identities identities;
    @Inject
    Node node;
    @Inject
    Clock clock;

    public record Listed(String unit, String sha256) {
    }

    public record Report(String clusterSecurityMode, Integer ctlVersion, List<Listed> listed) {
    }

    public record Changed(String unit, String listedSha256, String currentSha256) {
    }

    public record Status(String clusterSecurityMode, Integer ctlVersion, boolean ctlUpdateRequired,
            List<Changed> changed, List<Listed> listed) {
    }

    @Transactional
    public Status replace(Report report) {
        if (report == null || !(MIXED.equals(report.clusterSecurityMode())
                || NON_SECURE.equals(report.clusterSecurityMode()))) {
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
        String mode = state.isEmpty() ? NON_SECURE : (String) state.get(0)[0];
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
        return new Status(mode, version, MIXED.equals(mode) && !changed.isEmpty(), changed, listed);
    }
}
