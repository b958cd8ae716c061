package io.ucfleet.fleet.topology;

import java.util.List;
import java.util.Optional;

/**
 * A fleet as data: clusters of nodes on one address, their names, domain, releases and ports.
 * Read and validated by {@link TopologyFile}; {@link PortLayout} places every port.
 */
public record Topology(String name, String domain, String ip, Ports ports, List<Cluster> clusters) {

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
     * {@code base+ctl+c}, and TFTP (UDP) and TFTP HTTP {@code base+tftp+2c} and one above. The
     * defaults give today's ports: 8080..., 8443..., 8100..., 8090, 8095, 6969 and 6970.
     */
    public record Ports(int base, int nodeHttp, int nodeHttps, int nodeSsh, int sync, int ctl, int tftp) {
        public static final Ports DEFAULT = new Ports(8080, 0, 363, 20, 10, 15, -1111);

        public Ports withBase(int newBase) {
            return new Ports(newBase, nodeHttp, nodeHttps, nodeSsh, sync, ctl, tftp);
        }
    }

    public List<Node> nodes() {
        return clusters.stream().flatMap(c -> c.nodes().stream()).toList();
    }

    public Topology withPortBase(int base) {
        return new Topology(name, domain, ip, ports.withBase(base), clusters);
    }
}
