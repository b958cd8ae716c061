package io.ucfleet.fleet.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.ucfleet.fleet.database.SharedPostgres;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Topology;

/** A topology written back as YAML (what the state directory remembers), and a process as {@code status} shows it. */
final class Topologies {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Topologies() {
    }

    static String yaml(Topology t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", t.name());
        root.put("domain", t.domain());
        root.put("ip", t.ip());
        Topology.Ports p = t.ports();
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("base", p.base());
        ports.put("nodeHttp", p.nodeHttp());
        ports.put("nodeHttps", p.nodeHttps());
        ports.put("nodeSsh", p.nodeSsh());
        ports.put("sync", p.sync());
        ports.put("ctl", p.ctl());
        ports.put("tftp", p.tftp());
        ports.put("postgres", p.postgres());
        ports.put("labCa", p.labCa());
        ports.put("syncHttps", p.syncHttps());
        ports.put("ctlHttps", p.ctlHttps());
        ports.put("labCaHttps", p.labCaHttps());
        root.put("ports", ports);
        root.put("database", t.database().name);
        root.put("labCa", t.labCa());
        List<Object> clusters = new ArrayList<>();
        for (Topology.Cluster c : t.clusters()) {
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("name", c.name());
            c.domain().ifPresent(d -> cluster.put("domain", d));
            List<Object> nodes = new ArrayList<>();
            for (Topology.Node n : c.nodes()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("name", n.name());
                node.put("role", n.role().name);
                n.release().ifPresent(r -> node.put("release", r));
                n.fqdn().ifPresent(f -> node.put("fqdn", f));
                n.http().ifPresent(v -> node.put("http", v));
                n.https().ifPresent(v -> node.put("https", v));
                n.ssh().ifPresent(v -> node.put("ssh", v));
                nodes.add(node);
            }
            cluster.put("nodes", nodes);
            clusters.add(cluster);
        }
        root.put("clusters", clusters);
        try {
            return "# written by the launcher: the topology of the last up, with its port base\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One process of {@code status}: today's fields ({@code https} and {@code http} URLs, {@code ssh} port) and every port and URL. */
    static Map<String, Object> describe(Topology t, PortLayout.Placed p, Long pid, String state, String log) {
        String ip = t.ip();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", p.name());
        json.put("service", p.service().name);
        json.put("role", p.role().map(r -> r.name).orElse(null));
        json.put("cluster", p.cluster().map(Topology.Cluster::name).orElse(null));
        json.put("fqdn", p.fqdn());
        json.put("ip", ip);
        json.put("https", p.port("https").map(port -> "https://" + ip + ":" + port).orElse(null));
        json.put("ssh", p.port("ssh").orElse(null));
        p.port("xmpp").ifPresent(port -> json.put("xmpp", port));
        p.port("xmppS2s").ifPresent(port -> json.put("xmppS2s", port));
        json.put("http", "http://" + ip + ":" + p.http());
        json.put("ports", p.ports());
        PortLayout.of(t).stream().filter(o -> o.service() == PortLayout.Service.POSTGRES).findFirst()
                .filter(db -> db != p && !db.name().equals(p.name()))
                .ifPresent(db -> json.put("database", SharedPostgres.jdbcUrl(ip, db.port("postgres").orElseThrow(), p.name())));
        Map<String, String> urls = new LinkedHashMap<>();
        String http = "http://" + ip + ":" + p.http();
        // cluster-sync, ctl-service and lab-ca: the API on HTTPS only, verified by the fleet's services CA
        String https = p.port("https").map(port -> "https://" + ip + ":" + port).orElse(http);
        switch (p.service()) {
            case NODE -> {
                // the node's API is HTTPS only: its plain HTTP port redirects all but health and metrics
                p.port("https").ifPresent(port -> {
                    urls.put("api", "https://" + ip + ":" + port + "/api/v1");
                    urls.put("apiHttps", "https://" + ip + ":" + port + "/api/v1");
                    urls.put("certmgr", "https://" + ip + ":" + port + "/platformcom/api/v1/certmgr/config");
                    urls.put("pages", "https://" + ip + ":" + port + "/cmplatform/");
                });
                p.port("ssh").ifPresent(port -> urls.put("ssh", "ssh://administrator@" + ip + ":" + port));
            }
            case CLUSTER_SYNC -> {
                urls.put("status", https + "/api/v1/sync");
                urls.put("fleet", https + "/fleet/");
            }
            case POSTGRES -> urls.put("jdbc", "jdbc:postgresql://" + ip + ":" + p.port("postgres").orElseThrow() + "/postgres");
            case LAB_CA -> {
                // the API on HTTPS; /pki/ (CRLs, CA certificates, OCSP: the URLs in issued certificates) on plain HTTP
                urls.put("api", https + "/api/v1");
                urls.put("root", http + "/pki/default/root.pem");
                urls.put("chain", http + "/pki/default/chain.pem");
                urls.put("crl", http + "/pki/default/intermediate.crl");
                urls.put("ocsp", http + "/pki/default/ocsp");
            }
            case CTL_SERVICE -> {
                urls.put("api", https + "/api/v1/ctl");
                urls.put("tftp", "tftp://" + ip + ":" + p.port("tftp").orElseThrow());
                urls.put("tftpHttp", "http://" + ip + ":" + p.port("tftpHttp").orElseThrow());
            }
        }
        urls.put("health", http + "/q/health/ready");
        json.put("urls", urls);
        json.put("pid", pid);
        json.put("state", state);
        json.put("log", log);
        return json;
    }
}
