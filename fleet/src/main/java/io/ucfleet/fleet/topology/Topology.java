package io.ucfleet.fleet.topology;

import java.util.List;
import java.util.Optional;

/**
 * A fleet as data: clusters of nodes on one address, their names, domain, releases and ports;
 * where their databases are; whether the fleet has a lab CA (the private CA of seeds 003 and 004).
 * Read and validated by {@link TopologyFile}; {@link PortLayout} places every port.
 */
public record Topology(String name, String domain, String ip, Ports ports, Database database, boolean labCa,
        List<Cluster> clusters) {

    /**
     * Where the processes keep their data: each its own embedded PostgreSQL server, or one
     * embedded server for the whole fleet with a database per process (much less memory: a
     * server's own processes cost ~30 MB each). A file that says nothing gets
     * {@link #SHARED_ABOVE} nodes or fewer per process, more shared (the five-node default shares one).
     */
    public enum Database {
        PER_PROCESS("per-process"), SHARED("shared");

        public static final int SHARED_ABOVE = 4;
        public final String name;

        Database(String name) {
            this.name = name;
        }

        public static java.util.Optional<Database> of(String name) {
            return java.util.Arrays.stream(values()).filter(d -> d.name.equals(name)).findFirst();
        }
    }

    /** One cluster: its nodes, in start order (publisher first), served by its own cluster-sync (and ctl-service). */
    public record Cluster(String name, Optional<String> domain, List<Node> nodes) {
        /** A Unified CM cluster (one with a publisher) has mixed mode, CTL and ITL files: a ctl-service. */
        public boolean hasCtlService() {
            return nodes.stream().anyMatch(n -> n.role() == Role.PUBLISHER);
        }
    }

    /** One node; {@code release} empty is node-service's default; explicit ports override the layout. */
    public record Node(String name, Role role, Optional<String> release, Optional<String> fqdn, Optional<Integer> http,
            Optional<Integer> https, Optional<Integer> ssh) {
    }

    /**
     * Where ports go: everything is {@code base} plus an offset. Node {@code i} (fleet-wide, in
     * file order) gets HTTP {@code base+nodeHttp+i}, HTTPS {@code base+nodeHttps+i} and SSH
     * {@code base+nodeSsh+i}; cluster {@code c} gets cluster-sync {@code base+sync+c}, ctl-service
     * {@code base+ctl+c}, and TFTP (UDP) and TFTP HTTP {@code base+tftp+2c} and one above; a
     * shared database server {@code base+postgres} (HTTP health one above); the lab CA
     * {@code base+labCa}; an IM and Presence node also XMPP client-to-server {@code base+nodeXmpp+i} and
     * server-to-server {@code base+nodeXmppS2s+i}. The defaults give today's ports: 8080..., 8443...,
     * 8100..., 8090, 8095, 6969 and 6970; 5433, 8070; and the XMPP ports 5222... and 5269....
     */
    /**
     * Offsets from {@code base}. {@code syncHttps}, {@code ctlHttps} and {@code labCaHttps} are the
     * HTTPS ports of cluster-sync (+ cluster index), ctl-service (+ cluster index) and the lab CA
     * (their API is HTTPS only; README, "HTTPS (cluster-sync, ctl-service, lab-ca)").
     */
    public record Ports(int base, int nodeHttp, int nodeHttps, int nodeSsh, int sync, int ctl, int tftp, int postgres,
            int labCa, int nodeXmpp, int nodeXmppS2s, int syncHttps, int ctlHttps, int labCaHttps) {
        public static final Ports DEFAULT = new Ports(8080, 0, 363, 20, 10, 15, -1111, -2647, -10, -2858, -2811, 400, 410, 353);

        public Ports withBase(int newBase) {
            return new Ports(newBase, nodeHttp, nodeHttps, nodeSsh, sync, ctl, tftp, postgres, labCa, nodeXmpp, nodeXmppS2s,
                    syncHttps, ctlHttps, labCaHttps);
        }
    }

    public List<Node> nodes() {
        return clusters.stream().flatMap(c -> c.nodes().stream()).toList();
    }

    public Topology withPortBase(int base) {
        return new Topology(name, domain, ip, ports.withBase(base), database, labCa, clusters);
    }

    public Topology withDatabase(Database newDatabase) {
        return new Topology(name, domain, ip, ports, newDatabase, labCa, clusters);
    }
}
