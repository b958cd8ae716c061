package io.ucfleet.fleet.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a topology file (YAML) and validates it before anything starts: every problem is
 * collected and named by where it is ({@code clusters[1].nodes[0].role: ...}), so a user fixes
 * the file in one go. The shipped topologies ({@code default}, {@code lab-small},
 * {@code enterprise}) are resources of this module and can be named instead of a path.
 */
public final class TopologyFile {
    public static final List<String> SHIPPED = List.of("default", "lab-small", "enterprise");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A DNS label: node and cluster names become host names. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+-\\d+");
    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A topology that does not validate: every problem found, one per line. */
    public static final class Invalid extends RuntimeException {
        public final List<String> problems;

        Invalid(String source, List<String> problems) {
            super(source + " is not a valid topology:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }
    }

    private TopologyFile() {
    }

    /** A shipped topology by name, or a file by path. */
    public static Topology load(String nameOrPath) {
        if (SHIPPED.contains(nameOrPath)) {
            return shipped(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new Invalid(nameOrPath, List.of("no such file, and not a shipped topology (" + String.join(", ", SHIPPED) + ")"));
        }
        try {
            return parse(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public static Topology shipped(String name) {
        try (InputStream in = TopologyFile.class.getResourceAsStream("/topologies/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped topology " + name);
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML text of a shipped topology (for {@code topology show}). */
    public static String shippedText(String name) {
        try (InputStream in = TopologyFile.class.getResourceAsStream("/topologies/" + name + ".yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("no shipped topology " + name);
        }
    }

    public static Topology parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new Invalid(source, List.of("not YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        Reader r = new Reader();
        Topology topology = r.topology(root);
        if (topology != null) {
            r.validate(topology);
        }
        if (!r.problems.isEmpty()) {
            throw new Invalid(source, r.problems);
        }
        return topology;
    }

    private static final class Reader {
        final List<String> problems = new ArrayList<>();

        Topology topology(JsonNode root) {
            if (root == null || !root.isObject()) {
                problems.add("the file must be a mapping with name, domain and clusters");
                return null;
            }
            known(root, "", Set.of("name", "domain", "ip", "ports", "database", "labCa", "clusters"));
            String name = text(root, "name", "", true).orElse("fleet");
            check(LABEL.matcher(name).matches(), "name: \"" + name + "\" is not a DNS label (a-z, 0-9, -)");
            String domain = text(root, "domain", "", false).orElse("ucfleet.local");
            check(DOMAIN.matcher(domain).matches(), "domain: \"" + domain + "\" is not a DNS domain name");
            String ip = text(root, "ip", "", false).orElse("127.0.0.1");
            check(IP.matcher(ip).matches(), "ip: \"" + ip + "\" is not an IPv4 address");
            Topology.Ports ports = ports(root.path("ports"));
            JsonNode clusters = root.path("clusters");
            List<Topology.Cluster> list = new ArrayList<>();
            if (!clusters.isArray() || clusters.isEmpty()) {
                problems.add("clusters: at least one cluster is needed");
            } else {
                for (int c = 0; c < clusters.size(); c++) {
                    Topology.Cluster cluster = cluster(clusters.get(c), "clusters[" + c + "]");
                    if (cluster != null) {
                        list.add(cluster);
                    }
                }
            }
            Optional<String> databaseName = text(root, "database", "", false);
            Optional<Topology.Database> database = databaseName.flatMap(Topology.Database::of);
            if (databaseName.isPresent() && database.isEmpty()) {
                problems.add("database: \"" + databaseName.get() + "\" is neither shared nor per-process");
            }
            JsonNode labCa = root.path("labCa");
            check(labCa.isMissingNode() || labCa.isBoolean(), "labCa: must be true or false");
            long nodes = list.stream().mapToLong(c -> c.nodes().size()).sum();
            return new Topology(name, domain, ip, ports, database.orElse(nodes > Topology.Database.SHARED_ABOVE
                    ? Topology.Database.SHARED : Topology.Database.PER_PROCESS), labCa.asBoolean(true), list);
        }

        Topology.Ports ports(JsonNode node) {
            Topology.Ports d = Topology.Ports.DEFAULT;
            if (node.isMissingNode()) {
                return d;
            }
            if (!node.isObject()) {
                problems.add("ports: must be a mapping (base, nodeHttp, nodeHttps, nodeSsh, sync, ctl, tftp, postgres, labCa, syncHttps, ctlHttps, labCaHttps)");
                return d;
            }
            known(node, "ports.", Set.of("base", "nodeHttp", "nodeHttps", "nodeSsh", "sync", "ctl", "tftp", "postgres", "labCa",
                    "nodeXmpp", "nodeXmppS2s", "syncHttps", "ctlHttps", "labCaHttps"));
            return new Topology.Ports(integer(node, "base", "ports.", d.base()), integer(node, "nodeHttp", "ports.", d.nodeHttp()),
                    integer(node, "nodeHttps", "ports.", d.nodeHttps()), integer(node, "nodeSsh", "ports.", d.nodeSsh()),
                    integer(node, "sync", "ports.", d.sync()), integer(node, "ctl", "ports.", d.ctl()),
                    integer(node, "tftp", "ports.", d.tftp()), integer(node, "postgres", "ports.", d.postgres()),
                    integer(node, "labCa", "ports.", d.labCa()), integer(node, "nodeXmpp", "ports.", d.nodeXmpp()),
                    integer(node, "nodeXmppS2s", "ports.", d.nodeXmppS2s()), integer(node, "syncHttps", "ports.", d.syncHttps()),
                    integer(node, "ctlHttps", "ports.", d.ctlHttps()), integer(node, "labCaHttps", "ports.", d.labCaHttps()));
        }

        Topology.Cluster cluster(JsonNode node, String at) {
            if (!node.isObject()) {
                problems.add(at + ": must be a mapping with name and nodes");
                return null;
            }
            known(node, at + ".", Set.of("name", "domain", "nodes"));
            String name = text(node, "name", at + ".", true).orElse("");
            check(name.isEmpty() || LABEL.matcher(name).matches(), at + ".name: \"" + name + "\" is not a DNS label");
            Optional<String> domain = text(node, "domain", at + ".", false);
            domain.ifPresent(d -> check(DOMAIN.matcher(d).matches(), at + ".domain: \"" + d + "\" is not a DNS domain name"));
            JsonNode nodes = node.path("nodes");
            List<Topology.Node> list = new ArrayList<>();
            if (!nodes.isArray() || nodes.isEmpty()) {
                problems.add(at + ".nodes: a cluster needs at least one node");
            } else {
                for (int n = 0; n < nodes.size(); n++) {
                    Topology.Node parsed = node(nodes.get(n), at + ".nodes[" + n + "]");
                    if (parsed != null) {
                        list.add(parsed);
                    }
                }
            }
            return new Topology.Cluster(name, domain, list);
        }

        Topology.Node node(JsonNode node, String at) {
            if (!node.isObject()) {
                problems.add(at + ": must be a mapping with name and role");
                return null;
            }
            known(node, at + ".", Set.of("name", "role", "release", "fqdn", "http", "https", "ssh"));
            String name = text(node, "name", at + ".", true).orElse("");
            check(name.isEmpty() || LABEL.matcher(name).matches(), at + ".name: \"" + name + "\" is not a DNS label (a-z, 0-9, -)");
            String roleName = text(node, "role", at + ".", true).orElse("");
            Optional<Role> role = Role.of(roleName);
            if (roleName.equals(Role.RETIRED_EXPRESSWAY)) {
                problems.add(at + ".role: \"expressway\" is now two roles; use " + Role.EXPRESSWAY_C.name
                        + " (inside the firewall) or " + Role.EXPRESSWAY_E.name + " (in the DMZ)");
            } else if (!roleName.isEmpty() && role.isEmpty()) {
                problems.add(at + ".role: unknown role \"" + roleName + "\"; known roles: " + Role.names());
            }
            Optional<String> release = text(node, "release", at + ".", false);
            release.ifPresent(r -> check(RELEASE.matcher(r).matches(), at + ".release: \"" + r
                    + "\" is not a release like 15.0.1.12900-234"));
            Optional<String> fqdn = text(node, "fqdn", at + ".", false);
            fqdn.ifPresent(f -> check(DOMAIN.matcher(f).matches(), at + ".fqdn: \"" + f + "\" is not a DNS name"));
            Optional<Integer> http = optionalInteger(node, "http", at + ".");
            Optional<Integer> https = optionalInteger(node, "https", at + ".");
            Optional<Integer> ssh = optionalInteger(node, "ssh", at + ".");
            if (role.isEmpty()) {
                return null;
            }
            if (ssh.isPresent() && !role.get().ssh()) {
                problems.add(at + ".ssh: " + roleName + " nodes have no platform CLI over SSH");
            }
            return new Topology.Node(name, role.get(), release, fqdn, http, https, ssh);
        }

        /** Rules across the file: names, a cluster's make-up, ports. */
        void validate(Topology t) {
            Set<String> clusterNames = new HashSet<>();
            Set<String> nodeNames = new HashSet<>();
            for (int c = 0; c < t.clusters().size(); c++) {
                Topology.Cluster cluster = t.clusters().get(c);
                String at = "clusters[" + c + "]";
                check(cluster.name().isEmpty() || clusterNames.add(cluster.name()), at + ".name: a second cluster named \""
                        + cluster.name() + "\"");
                List<Role> roles = cluster.nodes().stream().map(Topology.Node::role).toList();
                long publishers = roles.stream().filter(r -> r == Role.PUBLISHER).count();
                check(publishers <= 1, at + ": " + publishers + " publishers; a Unified CM cluster has exactly one");
                boolean unifiedCm = roles.stream().anyMatch(r -> r.product == Role.Product.UNIFIED_CM);
                check(!unifiedCm || publishers >= 1, at + ": subscribers need their cluster's publisher; add a node with role publisher");
                Set<Role.Product> products = new HashSet<>();
                for (Role r : roles) {
                    // IM and Presence nodes are part of a Unified CM cluster, or a central cluster of their own
                    products.add(r.product == Role.Product.IM_AND_PRESENCE && unifiedCm ? Role.Product.UNIFIED_CM : r.product);
                }
                check(products.size() <= 1, at + ": a cluster is of one product; it mixes " + roles.stream()
                        .map(r -> r.name).distinct().toList());
                for (int n = 0; n < cluster.nodes().size(); n++) {
                    String name = cluster.nodes().get(n).name();
                    check(name.isEmpty() || nodeNames.add(name), at + ".nodes[" + n + "].name: a second node named \"" + name + "\"");
                }
            }
            for (Topology.Cluster cluster : t.clusters()) {
                String service = PortLayout.servicePrefix(t, cluster) + "cluster-sync";
                check(!nodeNames.contains(service), "a node is named \"" + service + "\", the name of a cluster service");
                String ctl = PortLayout.servicePrefix(t, cluster) + "ctl-service";
                check(!cluster.hasCtlService() || !nodeNames.contains(ctl), "a node is named \"" + ctl + "\", the name of a cluster service");
            }
            for (String service : PortLayout.FLEET_SERVICES) {
                check(!nodeNames.contains(service), "a node is named \"" + service + "\", the name of a fleet service");
            }
            if (!problems.isEmpty()) {
                return; // ports of a broken file would only add noise
            }
            Map<Integer, String> owner = new HashMap<>();
            for (PortLayout.Placed p : PortLayout.of(t)) {
                for (var port : p.ports().entrySet()) {
                    String what = p.name() + " " + port.getKey();
                    int number = port.getValue();
                    if (number < 1024 || number > 65535) {
                        problems.add("ports: " + what + " would be " + number + ", outside 1024-65535; change ports.base or the offsets");
                        continue;
                    }
                    String other = owner.putIfAbsent(number, what);
                    if (other != null) {
                        problems.add("ports: " + what + " and " + other + " would both use " + number
                                + "; move one (explicit ports, or the ports offsets)");
                    }
                }
            }
        }

        void check(boolean ok, String problem) {
            if (!ok) {
                problems.add(problem);
            }
        }

        void known(JsonNode node, String at, Set<String> fields) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String field = names.next();
                if (!fields.contains(field)) {
                    problems.add(at + field + ": unknown field; expected one of " + fields.stream().sorted().toList());
                }
            }
        }

        Optional<String> text(JsonNode node, String field, String at, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(at + field + ": missing");
                }
                return Optional.empty();
            }
            if (!value.isTextual() && !value.isNumber()) {
                problems.add(at + field + ": must be a string");
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        int integer(JsonNode node, String field, String at, int fallback) {
            return optionalInteger(node, field, at).orElse(fallback);
        }

        Optional<Integer> optionalInteger(JsonNode node, String field, String at) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isInt()) {
                problems.add(at + field + ": must be a whole number, got \"" + value.asText() + "\"");
                return Optional.empty();
            }
            return Optional.of(value.asInt());
        }
    }
}
