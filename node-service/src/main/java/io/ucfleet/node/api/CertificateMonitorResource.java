package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.certmonitor.CertificateExpiryMonitor;
import io.ucfleet.node.certmonitor.MonitorSettings;
import io.ucfleet.platform.certmonitor.CertificateExpiries;

/** OS Administration > Security > Certificate Monitor, and the alerts of the Certificate Expiry Monitor. */
@Path("/api/v1/certificate-monitor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CertificateMonitorResource {
    @Inject
    CertificateExpiryMonitor monitor;

    /** The page's fields; absent ones keep their value. */
    record Change(Integer notificationStartDays, Integer notificationFrequency, String notificationFrequencyUnit,
            Boolean emailNotification, List<String> emailIds, Boolean lscExpiryMonitoring) {
    }

    @GET
    public MonitorSettings show() {
        return monitor.settings();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public MonitorSettings save(Change change) {
        Change c = Bodies.required(change);
        return monitor.save(c.notificationStartDays(), c.notificationFrequency(), c.notificationFrequencyUnit(),
                c.emailNotification(), c.emailIds(), c.lscExpiryMonitoring());
    }

    /** Certificates notified about that are still expiring or expired, soonest first. */
    @GET
    @Path("/alerts")
    public List<CertificateExpiryMonitor.Alert> alerts() {
        return monitor.alerts();
    }

    /**
     * Every certificate's expiry as the monitor judges it, soonest first; also for the cluster
     * account: cluster-sync's fleet overview reads it (certificates are public; no key, no DER).
     */
    @GET
    @Path("/certificates")
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
    public CertificateExpiries certificates() {
        return monitor.expiries();
    }
}
