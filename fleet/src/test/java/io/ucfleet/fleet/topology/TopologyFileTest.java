package io.ucfleet.fleet.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Topology files: the shipped ones, today's ports from the default, and clear errors before anything starts. */
class TopologyFileTest {

    private static List<String> problems(String yaml) {
        return assertThrows(TopologyFile.Invalid.class, () -> TopologyFile.parse(yaml, "test.yaml")).problems;
    }

    /**
     * The Unified CM cluster on the ports it always had, its services still bare-named; the
     * Expressway-C and -E after it, each its own cluster (seed 004's unclustered pair).
     */
    @Test
    void theDefaultIsTheUnifiedCmClusterOnItsPortsAndAnExpresswayPair() {
        Topology t = TopologyFile.shipped("default");
        Map<String, Map<String, Integer>> ports = PortLayout.of(t).stream()
                .collect(Collectors.toMap(PortLayout.Placed::name, PortLayout.Placed::ports));
        assertEquals(Map.of("http", 8080, "https", 8443, "ssh", 8100), ports.get("cucm-pub"));
        assertEquals(Map.of("http", 8081, "https", 8444, "ssh", 8101), ports.get("cucm-sub"));
        assertEquals(Map.of("http", 8082, "https", 8445, "ssh", 8102, "xmpp", 5224, "xmppS2s", 5271), ports.get("cucm-imp"));
        assertEquals(Map.of("http", 8083, "https", 8446), ports.get("expc"), "no platform CLI on an Expressway");
        assertEquals(Map.of("http", 8084, "https", 8447), ports.get("expe"));
        assertEquals(Map.of("http", 8090, "https", 8480), ports.get("cluster-sync"));
        assertEquals(Map.of("http", 8091, "https", 8481), ports.get("expc-cluster-sync"));
        assertEquals(Map.of("http", 8092, "https", 8482), ports.get("expe-cluster-sync"));
        assertEquals(Map.of("http", 8095, "https", 8490, "tftp", 6969, "tftpHttp", 6970), ports.get("ctl-service"));
        assertEquals(Map.of("http", 8070, "https", 8433), ports.get("lab-ca"));
        assertEquals(List.of("postgres", "cucm-pub", "cucm-sub", "cucm-imp", "expc", "expe", "cluster-sync", "ctl-service",
                "expc-cluster-sync", "expe-cluster-sync", "lab-ca"), PortLayout.of(t).stream().map(PortLayout.Placed::name).toList());
        assertEquals("cucm-pub.ucfleet.local", PortLayout.of(t).get(1).fqdn());
        assertEquals(List.of(Role.EXPRESSWAY_C, Role.EXPRESSWAY_E), t.nodes().stream().skip(3).map(Topology.Node::role).toList());
        assertEquals(Topology.Database.SHARED, t.database(), "five nodes share one server");
    }

    /** The cluster named as the fleet keeps bare service names beside other clusters, and a node may not take them. */
    @Test
    void theFleetsOwnClusterKeepsBareServiceNames() {
        String yaml = """
                name: lab
                clusters:
                  - name: %s
                    nodes: [{name: pub, role: publisher}]
                  - name: edge
                    nodes: [{name: exp, role: expressway-e}]
                """;
        assertEquals(List.of("pub", "exp", "cluster-sync", "ctl-service", "edge-cluster-sync", "lab-ca"),
                PortLayout.of(TopologyFile.parse(yaml.formatted("lab"), "t.yaml")).stream().map(PortLayout.Placed::name).toList());
        assertEquals(List.of("pub", "exp", "core-cluster-sync", "core-ctl-service", "edge-cluster-sync", "lab-ca"),
                PortLayout.of(TopologyFile.parse(yaml.formatted("core"), "t.yaml")).stream().map(PortLayout.Placed::name).toList());
        assertEquals(List.of("a node is named \"ctl-service\", the name of a cluster service"),
                problems(yaml.formatted("lab").replace("name: exp,", "name: ctl-service,")));
        assertEquals(List.of("a node is named \"edge-cluster-sync\", the name of a cluster service"),
                problems(yaml.formatted("lab").replace("name: pub,", "name: edge-cluster-sync,")));
    }

    @Test
    void smallFleetsKeepADatabaseServerPerProcessLargerOnesShareOneWithADatabasePerProcess() {
        Topology lab = TopologyFile.shipped("lab-small");
        assertEquals(Topology.Database.SHARED, lab.database(), "8 nodes");
        PortLayout.Placed first = PortLayout.of(lab).get(0);
        assertEquals("postgres", first.name(), "started first: every other process needs it");
        assertEquals(PortLayout.Service.POSTGRES, first.service());
        assertEquals(Map.of("postgres", 5433, "http", 5434), first.ports());
        assertTrue(first.cluster().isEmpty(), "it belongs to the whole fleet");
        assertEquals(1, PortLayout.of(lab).stream().filter(p -> p.service() == PortLayout.Service.POSTGRES).count());

        String threeNodes = """
                name: t
                database: %s
                ports: {base: 9000, postgres: -100}
                clusters:
                  - name: c
                    nodes: [{name: pub, role: publisher}, {name: sub, role: subscriber}]
                """;
        Topology shared = TopologyFile.parse(threeNodes.formatted("shared"), "t.yaml");
        assertEquals(8900, PortLayout.of(shared).get(0).port("postgres").orElseThrow());
        assertEquals(List.of("postgres", "pub", "sub", "cluster-sync", "ctl-service", "lab-ca"),
                PortLayout.of(shared).stream().map(PortLayout.Placed::name).toList());
        assertTrue(PortLayout.of(TopologyFile.parse(threeNodes.formatted("shared").replace("ports:", "labCa: false\nports:"),
                "t.yaml")).stream().noneMatch(p -> p.service() == PortLayout.Service.LAB_CA), "labCa: false");
        assertEquals(List.of("labCa: must be true or false"),
                problems(threeNodes.formatted("shared").replace("ports:", "labCa: maybe\nports:")));
        assertTrue(PortLayout.of(TopologyFile.parse(threeNodes.formatted("per-process"), "t.yaml")).stream()
                .noneMatch(p -> p.service() == PortLayout.Service.POSTGRES));
        assertEquals(List.of("database: \"one\" is neither shared nor per-process"),
                problems(threeNodes.formatted("one")));
        assertEquals(List.of("a node is named \"postgres\", the name of a fleet service"),
                problems(threeNodes.formatted("shared").replace("name: sub", "name: postgres")));
        assertEquals(List.of("a node is named \"lab-ca\", the name of a fleet service"),
                problems(threeNodes.formatted("shared").replace("name: sub", "name: lab-ca")));
    }

    @Test
    void everyShippedTopologyIsValidWithDistinctPortsAndTheEnterpriseHasTwentyNodes() {
        for (String name : TopologyFile.SHIPPED) {
            Topology t = TopologyFile.shipped(name);
            Set<Integer> seen = new HashSet<>();
            for (PortLayout.Placed p : PortLayout.of(t)) {
                p.ports().values().forEach(port -> assertTrue(seen.add(port), name + ": port " + port + " twice"));
            }
        }
        Topology enterprise = TopologyFile.shipped("enterprise");
        assertEquals(20, enterprise.nodes().size());
        assertEquals(2, enterprise.clusters().stream().filter(Topology.Cluster::hasCtlService).count(),
                "two Unified CM clusters, each with its ctl-service");
        List<PortLayout.Placed> placed = PortLayout.of(enterprise);
        assertTrue(placed.stream().anyMatch(p -> p.name().equals("imp-central-cluster-sync")));
        assertEquals("west-pub.west.corp.ucfleet.local", placed.stream().filter(p -> p.name().equals("west-pub"))
                .findFirst().orElseThrow().fqdn());
        assertEquals("12.5.1.11900-146", placed.stream().filter(p -> p.name().equals("west-sub1")).findFirst()
                .orElseThrow().release().orElseThrow());
        assertTrue(placed.stream().filter(p -> p.name().startsWith("exp")).allMatch(p -> p.port("ssh").isEmpty()),
                "Expressway has no platform CLI");
    }

    @Test
    void everyProblemOfAFileIsNamedWhereItIs() {
        List<String> problems = problems("""
                name: Bad_Name
                clusters:
                  - name: c1
                    nodes:
                      - {name: pub, role: publisher}
                      - {name: pub2, role: publisher}
                      - {name: pub, role: subscriber}
                      - {name: x, role: callmanager}
                      - {name: y, role: subscriber, rol: typo, release: "15"}
                  - name: c2
                    nodes:
                      - {name: sub9, role: subscriber}
                  - name: c1
                    nodes:
                      - {name: e, role: expressway-e, ssh: 2222}
                      - {name: old, role: expressway}
                      - {name: p3, role: publisher}
                """);
        assertEquals(List.of(
                "name: \"Bad_Name\" is not a DNS label (a-z, 0-9, -)",
                "clusters[0].nodes[3].role: unknown role \"callmanager\"; known roles: publisher, subscriber,"
                        + " im-and-presence, unity-connection, expressway-c, expressway-e",
                "clusters[0].nodes[4].rol: unknown field; expected one of [fqdn, http, https, name, release, role, ssh]",
                "clusters[0].nodes[4].release: \"15\" is not a release like 15.0.1.12900-234",
                "clusters[2].nodes[0].ssh: expressway-e nodes have no platform CLI over SSH",
                "clusters[2].nodes[1].role: \"expressway\" is now two roles; use expressway-c (inside the firewall)"
                        + " or expressway-e (in the DMZ)",
                "clusters[0]: 2 publishers; a Unified CM cluster has exactly one",
                "clusters[0].nodes[2].name: a second node named \"pub\"",
                "clusters[1]: subscribers need their cluster's publisher; add a node with role publisher",
                "clusters[2].name: a second cluster named \"c1\"",
                "clusters[2]: a cluster is of one product; it mixes [expressway-e, publisher]"), problems);
    }

    /** A VCS cluster's peers are all Expressway-C or all Expressway-E. */
    @Test
    void expresswayCAndEPeersNeverShareACluster() {
        assertEquals(List.of("clusters[0]: a cluster is of one product; it mixes [expressway-c, expressway-e]"), problems("""
                name: t
                clusters:
                  - name: edge
                    nodes: [{name: c, role: expressway-c}, {name: e, role: expressway-e}]
                """));
    }

    @Test
    void portClashesAndPortsOutOfRangeAreRefused() {
        assertEquals(List.of("ports: b http and a http would both use 8081; move one (explicit ports, or the ports offsets)"),
                problems("""
                        name: clash
                        clusters:
                          - name: c
                            nodes:
                              - {name: a, role: publisher, http: 8081}
                              - {name: b, role: subscriber}
                        """));
        List<String> low = problems("""
                name: low
                ports: {base: 1500}
                clusters:
                  - name: c
                    nodes:
                      - {name: a, role: publisher}
                """);
        assertEquals(List.of("ports: ctl-service tftp would be 389, outside 1024-65535; change ports.base or the offsets",
                "ports: ctl-service tftpHttp would be 390, outside 1024-65535; change ports.base or the offsets"), low);
        assertEquals(List.of("ports: cluster-sync http and c-pub11 http would both use 8090; move one (explicit ports, or the"
                + " ports offsets)"), problems(elevenNodes()));
    }

    /** Eleven nodes with the default offsets: the eleventh node's HTTP port is cluster-sync's. */
    private static String elevenNodes() {
        StringBuilder yaml = new StringBuilder("name: big\nclusters:\n  - name: c\n    nodes:\n      - {name: c-pub1, role: publisher}\n");
        for (int i = 2; i <= 11; i++) {
            yaml.append("      - {name: c-pub").append(i).append(", role: subscriber}\n");
        }
        return yaml.toString();
    }

    @Test
    void notYamlOrNotATopologySaysSo() {
        assertTrue(problems("name: [unclosed").get(0).startsWith("not YAML: "));
        assertEquals(List.of("the file must be a mapping with name, domain and clusters"), problems("- a\n- b\n"));
        assertEquals(List.of("name: missing", "clusters: at least one cluster is needed"), problems("domain: x.example\n"));
    }
}
