package io.ucfleet.labca.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.faults.RevocationFaults;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What the fleet's management API does to lab-ca, as to every process: reset to a first start
 * (every hierarchy, certificate and CRL gone, the default hierarchy made again with new keys, the
 * faults cleared), and the whole database as a snapshot (CA keys sealed as at rest, so it restores
 * only under the same key-encryption key) and back.
 */
@ApplicationScoped
public class LabCaControl {
    private static final Logger LOG = Logger.getLogger(LabCaControl.class);
    static final String SERVICE = "lab-ca";

    @Inject
    DataSource dataSource;
    @Inject
    Authorities authorities;
    @Inject
    RevocationFaults faults;
    @Inject
    LabCaConfig config;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;

    public synchronized void reset() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("truncate crl, issued_certificate, authority, hierarchy, member_certificate restart identity");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset lab-ca's database", e);
        }
        pins.reread(); // the nodes' certificates forgotten: the launcher's fresh fleet reinstalled them
        faults.clearAll();
        authorities.firstStart();
        LOG.info("reset: a first start again");
    }

    /** Which lab-ca this is: the URL its certificates point at. */
    private String identity() {
        return "lab-ca at " + config.publicUrl();
    }

    public synchronized Snapshot snapshot() {
        try {
            return Snapshot.take(dataSource, SERVICE, identity(), Set.of());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database for a snapshot", e);
        }
    }

    public synchronized void restore(Snapshot snapshot) {
        try {
            snapshot.restoreInto(dataSource, SERVICE, identity(), Set.of());
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the database for a restore", e);
        }
        pins.reread();
        authorities.all().forEach(h -> h.chain().forEach(authorities::key)); // the keys open here, or the restore says so
        LOG.info("restored from a snapshot");
    }
}
