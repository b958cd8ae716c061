package io.ucfleet.junit;

import java.time.Duration;
import java.util.Optional;

import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Role;

/** A node of the fleet (a node-service JVM): its identity in the topology, its HTTPS and SSH ports, and {@link #https()}. */
public final class FleetNode extends FleetProcess {
    private final FleetClient https;

    FleetNode(Fleet fleet, PortLayout.Placed placed, ServiceProcess process, Duration readyTimeout) {
        super(fleet, placed, process, readyTimeout);
        Fleet.Credentials c = fleet.credentials();
        this.https = new FleetClient(httpsUrl(), c.admin(), c.readOnly(), Duration.ofSeconds(30));
    }

    public Role role() {
        return placed.role().orElseThrow();
    }

    /** The FQDN in its certificates ({@code <name>.<domain>} unless the topology says otherwise). */
    public String fqdn() {
        return placed.fqdn();
    }

    /** The release it reports, if the topology sets one (else node-service's default). */
    public Optional<String> release() {
        return placed.release();
    }

    public int httpsPort() {
        return placed.port("https").orElseThrow();
    }

    /** {@code https://<ip>:<port>}: Cisco Tomcat, presenting the node's tomcat identity. */
    public String httpsUrl() {
        return "https://" + ip() + ":" + httpsPort();
    }

    /** The platform CLI over SSH; empty for Expressway. */
    public Optional<Integer> sshPort() {
        return placed.port("ssh");
    }

    /** HTTPS as the administrator, trusting whatever the node presents (see {@link FleetClient}). */
    public FleetClient https() {
        return https;
    }

    @Override
    public String toString() {
        return name() + " (" + role().name + ", " + fqdn() + ", " + url() + ")";
    }
}
