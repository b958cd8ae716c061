package io.ucfleet.fleet.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process of a topology with its ports: the fleet's shared database server (if it has
 * one), the nodes (http, https, ...), then each cluster's cluster-sync and (for a Unified CM cluster) ctl-service,
 * then the fleet's lab CA (if it has one).
 * Pure: the launcher, the tests and validation share it.
 */
public final class PortLayout {
    private PortLayout() {
    }

    /** What a process is ({@code name}, as {@code status} says) and the module whose build runs it. */
    public enum Service {
        NODE("node-service", "node-service"), CLUSTER_SYNC("cluster-sync", "cluster-sync"),
        CTL_SERVICE("ctl-service", "ctl-service"), POSTGRES("postgresql", "fleet"), LAB_CA("lab-ca", "lab-ca");

        public final String name;
        public final String module;

        Service(String name, String module) {
            this.name = name;
            this.module = module;
        }
    }

    /** The processes of the whole fleet (its shared database server, its lab CA); no node may take their names. */
    public static final String POSTGRES = "postgres";
    public static final String LAB_CA = "lab-ca";
    public static final List<String> FLEET_SERVICES = List.of(POSTGRES, LAB_CA);

    /**
     * One process to run. {@code ports} by name ({@code http}, {@code https} (nodes, cluster-sync,
     * ctl-service, lab-ca: their API), {@code ssh},
     * {@code xmpp}, {@code xmppS2s}, {@code tftp}, {@code tftpHttp}, {@code postgres}), only those it has; {@code cluster} is
     * empty for a process of the whole fleet (the shared database server, the lab CA).
     */
    public record Placed(String name, Service service, Optional<Role> role, Optional<Topology.Cluster> cluster, String fqdn,
            Optional<String> release, Map<String, Integer> ports) {
        public int http() {
            return ports.get("http");
        }

        public Optional<Integer> port(String kind) {
            return Optional.ofNullable(ports.get(kind));
        }
    }

    /**
     * What a cluster's services' names start with: nothing for the fleet's own cluster (the only
     * one, or the one named as the fleet: the default's Unified CM cluster keeps {@code
     * cluster-sync} and {@code ctl-service} beside its Expressways), else the cluster's name and a
     * dash ({@code expc-cluster-sync}).
     */
    public static String servicePrefix(Topology t, Topology.Cluster cluster) {
        return t.clusters().size() == 1 || cluster.name().equals(t.name()) ? "" : cluster.name() + "-";
    }

    /** The processes in start order; cluster services are named by {@link #servicePrefix}. */
    public static List<Placed> of(Topology t) {
        Topology.Ports p = t.ports();
        List<Placed> placed = new ArrayList<>();
        if (t.database() == Topology.Database.SHARED) { // first: the others need it to start
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("http", p.base() + p.postgres() + 1); // its health check
            ports.put("postgres", p.base() + p.postgres());
            placed.add(new Placed(POSTGRES, Service.POSTGRES, Optional.empty(), Optional.empty(), null, Optional.empty(), ports));
        }
        int i = 0;
        for (Topology.Cluster cluster : t.clusters()) {
            String domain = cluster.domain().orElse(t.domain());
            for (Topology.Node node : cluster.nodes()) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                ports.put("http", node.http().orElse(p.base() + p.nodeHttp() + i));
                ports.put("https", node.https().orElse(p.base() + p.nodeHttps() + i));
                if (node.role().ssh()) {
                    ports.put("ssh", node.ssh().orElse(p.base() + p.nodeSsh() + i));
                }
                if (node.role().xmpp()) {
                    ports.put("xmpp", p.base() + p.nodeXmpp() + i);
                    ports.put("xmppS2s", p.base() + p.nodeXmppS2s() + i);
                }
                placed.add(new Placed(node.name(), Service.NODE, Optional.of(node.role()), Optional.of(cluster),
                        node.fqdn().orElse(node.name() + "." + domain), node.release(), ports));
                i++;
            }
        }
        int c = 0;
        for (Topology.Cluster cluster : t.clusters()) {
            String prefix = servicePrefix(t, cluster);
            Map<String, Integer> sync = new LinkedHashMap<>();
            sync.put("http", p.base() + p.sync() + c);
            sync.put("https", p.base() + p.syncHttps() + c);
            placed.add(new Placed(prefix + "cluster-sync", Service.CLUSTER_SYNC, Optional.empty(), Optional.of(cluster), null,
                    Optional.empty(), sync));
            if (cluster.hasCtlService()) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                ports.put("http", p.base() + p.ctl() + c);
                ports.put("https", p.base() + p.ctlHttps() + c);
                ports.put("tftp", p.base() + p.tftp() + 2 * c);
                ports.put("tftpHttp", p.base() + p.tftp() + 2 * c + 1);
                placed.add(new Placed(prefix + "ctl-service", Service.CTL_SERVICE, Optional.empty(), Optional.of(cluster), null,
                        Optional.empty(), ports));
            }
            c++;
        }
        if (t.labCa()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("http", p.base() + p.labCa());
            ports.put("https", p.base() + p.labCaHttps());
            placed.add(new Placed(LAB_CA, Service.LAB_CA, Optional.empty(), Optional.empty(), null, Optional.empty(), ports));
        }
        return placed;
    }

    /** How many ports above the base (and below it, for TFTP) the layout spans; for finding a free block. */
    public static int[] span(Topology t) {
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (Placed placed : of(t)) {
            for (int port : placed.ports().values()) {
                low = Math.min(low, port - t.ports().base());
                high = Math.max(high, port - t.ports().base());
            }
        }
        return new int[] {low, high};
    }
}
