package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Role;
import io.ucfleet.fleet.topology.Topology;
import io.ucfleet.fleet.topology.TopologyFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s as `kubectl kustomize` renders it: every object valid against the Kubernetes API
 * models, every reference resolved, and the cluster wired as the README says. The broken
 * fixtures under src/test/resources/broken prove that a typo fails this test.
 */
class KubernetesManifestsTest {
    /**
     * A copy of deploy/k8s (the module is surefire's working directory) with its secrets
     * generated as a user does before applying it: none are committed.
     */
    static Path K8S;
    static final Path BROKEN = Path.of("src", "test", "resources", "broken");
    /** The default topology (fleet/.../topologies/default.yaml): the base deploys the same fleet. */
    static final Topology DEFAULT = TopologyFile.shipped("default");
    /** Its nodes' roles by node name. */
    static final Map<String, String> NODE_ROLES = DEFAULT.nodes().stream()
            .collect(Collectors.toMap(Topology.Node::name, n -> n.role().name));
    /** Each cluster's cluster-sync, as the launcher names it ({@code cluster-sync}, {@code expc-cluster-sync}). */
    static final Map<String, Topology.Cluster> CLUSTER_SYNCS = PortLayout.of(DEFAULT).stream()
            .filter(p -> p.service() == PortLayout.Service.CLUSTER_SYNC)
            .collect(Collectors.toMap(PortLayout.Placed::name, p -> p.cluster().orElseThrow()));

    static ClusterManifests base;

    @BeforeAll
    static void render() throws Exception {
        K8S = withGeneratedSecrets(Path.of("k8s"));
        base = new ClusterManifests(Kustomize.render(K8S));
    }

    static Path withGeneratedSecrets(Path k8s) throws Exception {
        Path copy = Path.of("target", "k8s-rendered").toAbsolutePath();
        if (java.nio.file.Files.exists(copy)) {
            try (var old = java.nio.file.Files.walk(copy)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        try (var paths = java.nio.file.Files.walk(k8s)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(k8s.relativize(path).toString());
                if (java.nio.file.Files.isDirectory(path)) {
                    java.nio.file.Files.createDirectories(target);
                } else if (!path.getParent().endsWith("secrets") || path.getFileName().toString().equals("generate")) {
                    // a user's generated secrets (*.env, the services CA and certificates) are not copied
                    java.nio.file.Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Process generate = new ProcessBuilder("bash", copy.resolve("base/secrets/generate").toString())
                .redirectErrorStream(true).start();
        String out = new String(generate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(generate.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && generate.exitValue() == 0, out);
        Process again = new ProcessBuilder("bash", copy.resolve("base/secrets/generate").toString())
                .redirectErrorStream(true).start();
        String refused = new String(again.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(again.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && again.exitValue() == 1
                && refused.contains("keep them, or --force"), "a second run keeps the keys: " + refused);
        return copy;
    }

    static List<String> validateAll(ClusterManifests manifests) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : manifests.objects) {
            try {
                ApiSchema.validate(object);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        problems.addAll(manifests.referenceProblems());
        return problems;
    }

    @Test
    void everyRenderedObjectIsAValidKubernetesObject() {
        assertEquals(List.of(), validateAll(base));
        Set<String> kinds = base.objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "NetworkPolicy", "Secret", "Service", "StatefulSet")), kinds);
    }

    @Test
    void localOverlayRendersValidObjectsInItsNamespace() throws Exception {
        ClusterManifests local = new ClusterManifests(Kustomize.render(K8S.resolve("overlays/local")));
        assertEquals(List.of(), validateAll(local));
        for (JsonNode object : local.objects) {
            if (!object.path("kind").asText().equals("Namespace")) {
                assertEquals("ucfleet", object.path("metadata").path("namespace").asText(), ClusterManifests.describe(object));
            }
        }
        for (JsonNode workload : local.workloads()) {
            ClusterManifests.forEachContainer(workload, c -> {
                if (c.path("image").asText().startsWith("ucfleet/")) {
                    assertEquals("Never", c.path("imagePullPolicy").asText(), ClusterManifests.describe(workload));
                    assertTrue(c.path("image").asText().endsWith(":local"), c.path("image").asText());
                }
            });
        }
    }

    /**
     * The mapping of a topology to the base: each node a StatefulSet of its name (one replica;
     * the pod is {@code <name>-0}) with its role; each cluster's cluster-sync (and, with a
     * publisher, ctl-service) a Deployment named as the launcher names the process. The base
     * deploys the default topology and nothing else.
     */
    @Test
    void theBaseIsTheDefaultTopology() {
        Set<String> nodeSets = base.objects.stream().filter(o -> o.path("kind").asText().equals("StatefulSet"))
                .filter(o -> o.path("metadata").path("labels").path("app.kubernetes.io/name").asText().equals("node-service"))
                .map(ClusterManifests::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(NODE_ROLES.keySet()), nodeSets);
        Set<String> clusterServices = PortLayout.of(DEFAULT).stream().filter(p -> p.cluster().isPresent()
                && p.service() != PortLayout.Service.NODE).map(PortLayout.Placed::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("cluster-sync", "ctl-service", "expc-cluster-sync", "expe-cluster-sync"), clusterServices);
        Set<String> deployments = base.objects.stream().filter(o -> o.path("kind").asText().equals("Deployment"))
                .map(ClusterManifests::name).filter(n -> !n.equals("lab-ca")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(clusterServices, deployments);
        for (String name : clusterServices) {
            JsonNode deployment = base.find("Deployment", name).orElseThrow();
            JsonNode service = base.find("Service", name).orElseThrow(() -> new AssertionError("no Service " + name));
            for (String other : clusterServices) {
                assertEquals(other.equals(name), ClusterManifests.selects(service, base.find("Deployment", other).orElseThrow()),
                        "Service " + name + " and Deployment " + other);
            }
            assertEquals(name, ClusterManifests.envValue(ClusterManifests.podSpec(deployment).path("initContainers").get(0),
                    "UCFLEET_DATABASE").orElseThrow(), "its own database");
        }
    }

    /** Every node is in its own cluster: its name, its members and its cluster-sync are its cluster's. */
    @Test
    void everyNodeSeesOnlyItsOwnClustersMembersAndServices() {
        Map<String, String> configMap = base.entries("ConfigMap", generated("ConfigMap", "ucfleet-cluster"));
        for (Topology.Cluster cluster : DEFAULT.clusters()) {
            String sync = PortLayout.servicePrefix(DEFAULT, cluster) + "cluster-sync";
            Set<String> members = cluster.nodes().stream().map(n -> "https://" + n.name() + "-0." + n.name() + ":8443")
                    .collect(Collectors.toCollection(TreeSet::new));
            for (Topology.Node n : cluster.nodes()) {
                JsonNode node = ClusterManifests.containers(base.find("StatefulSet", n.name()).orElseThrow(), false).get(0);
                String seen = ClusterManifests.envValue(node, "UCFLEET_CLUSTER_MEMBERS").orElse(configMap.get("UCFLEET_CLUSTER_MEMBERS"));
                assertEquals(members, new TreeSet<>(List.of(seen.split(","))), n.name());
                String clusterName = ClusterManifests.envValue(node, "UCFLEET_NODE_CLUSTER_NAME")
                        .orElse(configMap.get("UCFLEET_NODE_CLUSTER_NAME"));
                assertEquals(cluster.name().equals(DEFAULT.name()) ? "ucfleet" : cluster.name(), clusterName, n.name());
                assertEquals("https://" + sync + ":8480", ClusterManifests.envValue(node, "UCFLEET_SYNC_URL").orElseThrow(), n.name());
                assertEquals(cluster.hasCtlService() ? Optional.of("https://ctl-service:8490") : Optional.empty(),
                        ClusterManifests.envValue(node, "UCFLEET_CTL_URL"), n.name());
            }
        }
    }

    /** Each cluster-sync's fleet overview reads the others: every cluster-sync but itself, by its Service. */
    @Test
    void everyClusterSyncShowsTheWholeFleet() {
        for (String sync : CLUSTER_SYNCS.keySet()) {
            JsonNode container = ClusterManifests.containers(base.find("Deployment", sync).orElseThrow(), false).get(0);
            Set<String> others = CLUSTER_SYNCS.keySet().stream().filter(o -> !o.equals(sync)).map(o -> "https://" + o + ":8480")
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(others, new TreeSet<>(List.of(ClusterManifests.envValue(container, "UCFLEET_SYNC_FLEET_PEERS")
                    .orElseThrow().split(","))), sync);
            assertEquals("ucfleet", ClusterManifests.envValue(container, "UCFLEET_SYNC_FLEET_NAME").orElseThrow(), sync);
            for (String other : others) {
                String service = other.substring("https://".length(), other.lastIndexOf(':'));
                assertTrue(base.find("Service", service).isPresent(), sync + " reads " + other + ": no such Service");
            }
        }
    }

    @Test
    void oneStatefulSetPerNodeRoleWhosePodDnsNamesAreTheNodeFqdns() {
        for (var entry : NODE_ROLES.entrySet()) {
            String name = entry.getKey();
            JsonNode sts = base.find("StatefulSet", name).orElseThrow(() -> new AssertionError("no StatefulSet " + name));
            assertEquals(name, sts.path("spec").path("serviceName").asText());
            JsonNode node = ClusterManifests.containers(sts, false).get(0);
            Role role = Role.of(entry.getValue()).orElseThrow();
            assertEquals(role.xmpp() ? Set.of(8080, 8443, 22, 5222, 5269) : role.ssh() ? Set.of(8080, 8443, 22) : Set.of(8080, 8443),
                    ports(node), name);
            assertEquals(entry.getValue(), ClusterManifests.envValue(node, "UCFLEET_NODE_ROLE").orElseThrow(), name);
            assertEquals("$(POD_NAME)", ClusterManifests.envValue(node, "UCFLEET_NODE_HOSTNAME").orElseThrow());
            // <pod>.<governing service>.<namespace>.svc.<domain>: the pod's own DNS name.
            assertEquals("$(POD_NAME)." + name + ".$(POD_NAMESPACE).svc.$(CLUSTER_DOMAIN)",
                    ClusterManifests.envValue(node, "UCFLEET_NODE_FQDN").orElseThrow());
            assertEquals("metadata.name", fieldRef(node, "POD_NAME"));
            assertEquals("metadata.namespace", fieldRef(node, "POD_NAMESPACE"));
            assertEquals("status.podIP", fieldRef(node, "UCFLEET_NODE_IP"));
            assertEquals("jdbc:postgresql://postgres:5432/$(POD_NAME)",
                    ClusterManifests.envValue(node, "QUARKUS_DATASOURCE_JDBC_URL").orElseThrow());
            assertProbes(node);

            // Every pod has its own 32-byte key-encryption key, in its role's own Secret.
            JsonNode kekVolume = volume(sts, "kek");
            String kekSecret = kekVolume.path("secret").path("secretName").asText();
            assertTrue(kekSecret.startsWith(name + "-kek"), kekSecret);
            Map<String, String> keks = base.entries("Secret", kekSecret);
            int replicas = sts.path("spec").path("replicas").asInt();
            for (int i = 0; i < replicas; i++) {
                String kek = keks.get(name + "-" + i);
                assertTrue(kek != null, kekSecret + " has no key-encryption key for pod " + name + "-" + i);
                assertEquals(32, Base64.getDecoder().decode(kek.trim()).length, name + "-" + i);
            }
            assertEquals("/var/run/secrets/ucfleet/kek/$(POD_NAME)",
                    ClusterManifests.envValue(node, "UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE").orElseThrow());
        }
        assertEquals(1, base.find("StatefulSet", "cucm-pub").orElseThrow().path("spec").path("replicas").asInt(),
                "a cluster has exactly one publisher");
    }

    /** The example alerting rules are a PrometheusRule on the gauge the nodes serve, with thresholds that parse. */
    @Test
    void theCertificateExpiryAlertingRulesWatchTheNodesGauge() throws Exception {
        JsonNode rule = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("k8s", "monitoring", "certificate-expiry-rules.yaml").toFile());
        assertEquals("PrometheusRule", rule.path("kind").asText());
        List<String> alerts = new ArrayList<>();
        for (JsonNode r : rule.path("spec").path("groups").get(0).path("rules")) {
            alerts.add(r.path("alert").asText());
            assertTrue(r.path("expr").asText().contains("ucfleet_certificate_expiry_seconds"), r.toString());
        }
        assertEquals(List.of("UcCertificateExpiringSoon", "UcCertificateExpiresWithinADay", "UcCertificateExpired"), alerts);
    }

    @Test
    void imAndPresenceExposesTheXmppPortsItListensOn() {
        JsonNode service = base.find("Service", "cucm-imp").orElseThrow();
        java.util.Map<String, Integer> exposed = new java.util.HashMap<>();
        service.path("spec").path("ports").forEach(p -> exposed.put(p.path("targetPort").asText(), p.path("port").asInt()));
        assertEquals(5222, exposed.get("xmpp"));
        assertEquals(5269, exposed.get("xmpp-s2s"));
        JsonNode node = ClusterManifests.containers(base.find("StatefulSet", "cucm-imp").orElseThrow(), false).get(0);
        java.util.Map<String, Integer> container = new java.util.HashMap<>();
        node.path("ports").forEach(p -> container.put(p.path("name").asText(), p.path("containerPort").asInt()));
        // the node's defaults (ucfleet.node.xmpp.port, server-port) are the real ports: nothing to set
        assertEquals(5222, container.get("xmpp"));
        assertEquals(5269, container.get("xmpp-s2s"));
        assertTrue(ClusterManifests.envValue(node, "UCFLEET_NODE_XMPP_PORT").isEmpty());
    }

    @Test
    void everyNodeServiceButExpresswaysExposesThePlatformCliOnPort22() {
        for (String name : NODE_ROLES.keySet()) {
            JsonNode service = base.find("Service", name).orElseThrow(() -> new AssertionError("no Service " + name));
            if (!Role.of(NODE_ROLES.get(name)).orElseThrow().ssh()) {
                JsonNode node = ClusterManifests.containers(base.find("StatefulSet", name).orElseThrow(), false).get(0);
                assertFalse(service.toString().contains("\"ssh\""), name + ": an Expressway has no platform CLI");
                assertEquals("false", ClusterManifests.envValue(node, "UCFLEET_NODE_SSH_ENABLED").orElseThrow(), name);
                continue;
            }
            JsonNode ssh = null;
            for (JsonNode port : service.path("spec").path("ports")) {
                if (port.path("port").asInt() == 22) {
                    ssh = port;
                }
            }
            assertTrue(ssh != null, name + " exposes no port 22");
            assertEquals("ssh", ssh.path("targetPort").asText(), name);
            JsonNode sts = base.find("StatefulSet", name).orElseThrow();
            JsonNode node = ClusterManifests.containers(sts, false).get(0);
            int containerPort = -1;
            for (JsonNode port : node.path("ports")) {
                if (port.path("name").asText().equals("ssh")) {
                    containerPort = port.path("containerPort").asInt();
                }
            }
            assertEquals(22, containerPort, name + ": a headless Service does not translate ports, so the pod listens on 22");
            assertEquals(String.valueOf(containerPort), ClusterManifests.envValue(node, "UCFLEET_NODE_SSH_PORT").orElseThrow(), name);
            // The node runs as uid 185: 22 is bindable only below the unprivileged port start.
            boolean bindable = false;
            for (JsonNode sysctl : ClusterManifests.podSpec(sts).path("securityContext").path("sysctls")) {
                bindable |= sysctl.path("name").asText().equals("net.ipv4.ip_unprivileged_port_start")
                        && Integer.parseInt(sysctl.path("value").asText()) <= containerPort;
            }
            assertTrue(bindable, name + " cannot bind port 22 as non-root");
        }
    }

    @Test
    void staticMembersAreEveryUnifiedCmNodePodByItsStableDnsName() {
        Set<String> expected = new TreeSet<>();
        for (String name : DEFAULT.clusters().get(0).nodes().stream().map(Topology.Node::name).toList()) {
            int replicas = base.find("StatefulSet", name).orElseThrow().path("spec").path("replicas").asInt();
            for (int i = 0; i < replicas; i++) {
                expected.add("https://" + name + "-" + i + "." + name + ":8443");
            }
        }
        Map<String, String> cluster = base.entries("ConfigMap", generated("ConfigMap", "ucfleet-cluster"));
        assertEquals(expected, new TreeSet<>(List.of(cluster.get("UCFLEET_CLUSTER_MEMBERS").split(","))));
        // Every ucfleet container gets the members and the service account.
        for (JsonNode workload : base.workloads()) {
            ClusterManifests.forEachContainer(workload, c -> {
                if (c.path("image").asText().contains("ucfleet/")) {
                    Set<String> from = new TreeSet<>();
                    c.path("envFrom").forEach(f -> from.add(f.path("configMapRef").path("name").asText()
                            + f.path("secretRef").path("name").asText()));
                    assertEquals(Set.of(generated("ConfigMap", "ucfleet-cluster"), generated("Secret", "ucfleet-credentials")),
                            from, ClusterManifests.describe(workload));
                    assertTrue(ClusterManifests.envValue(c, "QUARKUS_DATASOURCE_JDBC_URL").orElseThrow()
                            .startsWith("jdbc:postgresql://postgres:5432/"), ClusterManifests.describe(workload));
                }
            });
        }
    }

    @Test
    void eachClusterSyncFindsItsMembersByAHeadlessServiceOverItsClustersNodePods() {
        for (var entry : CLUSTER_SYNCS.entrySet()) {
            JsonNode sync = ClusterManifests.containers(base.find("Deployment", entry.getKey()).orElseThrow(), false).get(0);
            String dns = ClusterManifests.envValue(sync, "UCFLEET_CLUSTER_MEMBERS_DNS").orElseThrow();
            JsonNode service = base.find("Service", dns).orElseThrow(() -> new AssertionError("no Service " + dns));
            assertEquals("None", service.path("spec").path("clusterIP").asText(), dns + " must be headless: one address per pod");
            assertTrue(service.path("spec").path("publishNotReadyAddresses").asBoolean(), "a starting node is a member");
            Set<String> own = entry.getValue().nodes().stream().map(Topology.Node::name).collect(Collectors.toSet());
            for (String name : NODE_ROLES.keySet()) {
                assertEquals(own.contains(name), ClusterManifests.selects(service, base.find("StatefulSet", name).orElseThrow()),
                        entry.getKey() + "'s " + dns + " and the pods of " + name);
            }
            for (JsonNode deployment : base.ofKind("Deployment")) {
                assertFalse(ClusterManifests.selects(service, deployment), dns + " must not select " + ClusterManifests.name(deployment));
            }
        }
    }

    @Test
    void credentialsHoldTheThreeRolesAndTheServiceAccountTheProcessesUse() {
        Map<String, String> credentials = base.entries("Secret", generated("Secret", "ucfleet-credentials"));
        String prefix = "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_";
        Set<String> roles = credentials.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("admin", "read-only", "cluster")), roles);
        for (var e : credentials.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String user = e.getKey().substring(prefix.length());
                String password = credentials.get("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_" + user);
                assertTrue(password != null && !password.isBlank(), "account " + user + " has no password");
            }
        }
        String account = credentials.get("UCFLEET_CLUSTER_USERNAME").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        assertEquals("cluster", credentials.get(prefix + account), "the service account has role cluster");
        assertEquals(credentials.get("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_" + account),
                credentials.get("UCFLEET_CLUSTER_PASSWORD"), "the processes call the nodes with the account's own password");
    }

    /** The services' HTTPS port and certificate, and the CA every process verifies them by (README, "HTTPS (cluster-sync, ctl-service, lab-ca)"). */
    static final Map<String, Integer> SERVICE_HTTPS = Map.of("cluster-sync", 8480, "expc-cluster-sync", 8480,
            "expe-cluster-sync", 8480, "ctl-service", 8490, "lab-ca", 8433);

    /** The Secret a container's file path comes from: the secret volume mounted at the path's directory. */
    static String mountedSecret(JsonNode workload, JsonNode container, String file) {
        String dir = file.substring(0, file.lastIndexOf('/'));
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(dir)) {
                for (JsonNode volume : ClusterManifests.podSpec(workload).path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume.path("secret").path("secretName").asText(null);
                    }
                }
            }
        }
        return null;
    }

    static List<java.security.cert.X509Certificate> certificates(String pem) throws Exception {
        List<java.security.cert.X509Certificate> out = new ArrayList<>();
        for (var c : java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            out.add((java.security.cert.X509Certificate) c);
        }
        return out;
    }

    @Test
    void theServicesServeHttpsWithACertificateTheServicesCaIssuedForTheirServiceName() throws Exception {
        String caSecret = generated("Secret", "services-ca");
        List<java.security.cert.X509Certificate> ca = certificates(base.entries("Secret", caSecret).get("ca.crt"));
        assertEquals(1, ca.size());
        assertFalse(base.entries("Secret", caSecret).containsKey("ca.key"), "the CA's key stays with whoever issues");
        for (var e : SERVICE_HTTPS.entrySet()) {
            String name = e.getKey();
            JsonNode workload = base.find("Deployment", name).orElseThrow();
            JsonNode container = ClusterManifests.containers(workload, false).get(0);
            JsonNode https = null;
            for (JsonNode port : container.path("ports")) {
                if (port.path("name").asText().equals("https")) {
                    https = port;
                }
            }
            assertTrue(https != null && https.path("containerPort").asInt() == e.getValue(), name + ": no https port " + e.getValue());
            assertEquals(String.valueOf(e.getValue()), ClusterManifests.envValue(container, "QUARKUS_HTTP_SSL_PORT").orElseThrow());
            boolean exposed = false;
            for (JsonNode port : base.find("Service", name).orElseThrow().path("spec").path("ports")) {
                exposed |= port.path("port").asInt() == e.getValue() && port.path("targetPort").asText().equals("https");
            }
            assertTrue(exposed, "Service " + name + " exposes its HTTPS port");
            String certFile = ClusterManifests.envValue(container, "QUARKUS_TLS_SERVICES_KEY_STORE_PEM_SERVICE_CERT").orElseThrow();
            String keyFile = ClusterManifests.envValue(container, "QUARKUS_TLS_SERVICES_KEY_STORE_PEM_SERVICE_KEY").orElseThrow();
            String tlsSecret = mountedSecret(workload, container, certFile);
            assertEquals(generated("Secret", name + "-tls"), tlsSecret, name + "'s certificate");
            assertEquals(tlsSecret, mountedSecret(workload, container, keyFile), name + "'s key");
            Map<String, String> tls = base.entries("Secret", tlsSecret);
            assertTrue(tls.get(certFile.substring(certFile.lastIndexOf('/') + 1)) != null
                    && tls.get(keyFile.substring(keyFile.lastIndexOf('/') + 1)).contains("PRIVATE KEY"), name);
            var leaf = certificates(tls.get("tls.crt")).get(0);
            leaf.verify(ca.get(0).getPublicKey()); // issued by the services CA
            leaf.checkValidity();
            Set<String> sans = new TreeSet<>();
            leaf.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
            assertTrue(sans.contains(name) && sans.contains(name + ".ucfleet.svc.cluster.local"), name + ": " + sans);
            assertEquals(caSecret, mountedSecret(workload, container,
                    ClusterManifests.envValue(container, "UCFLEET_SERVICES_CA").orElseThrow()), name);
        }
        // every node verifies cluster-sync and ctl-service by the same CA
        for (JsonNode workload : base.ofKind("StatefulSet")) {
            if (workload.path("metadata").path("name").asText().equals("postgres")) {
                continue;
            }
            JsonNode node = ClusterManifests.containers(workload, false).get(0);
            assertEquals(caSecret, mountedSecret(workload, node, ClusterManifests.envValue(node, "UCFLEET_SERVICES_CA")
                    .orElseThrow()), ClusterManifests.describe(workload));
        }
    }

    @Test
    void clusterSyncCtlServiceAndPostgres() {
        for (String name : CLUSTER_SYNCS.keySet()) {
            JsonNode sync = ClusterManifests.containers(base.find("Deployment", name).orElseThrow(), false).get(0);
            assertEquals(Set.of(8090, 8480), ports(sync), name);
            assertProbes(sync);
            assertEquals("jdbc:postgresql://postgres:5432/" + name, ClusterManifests.envValue(sync, "QUARKUS_DATASOURCE_JDBC_URL")
                    .orElseThrow());
        }
        JsonNode ctl = ClusterManifests.containers(base.find("Deployment", "ctl-service").orElseThrow(), false).get(0);
        assertEquals(Set.of(8095, 8490, 69, 6970), ports(ctl));
        assertTrue(ctl.path("ports").findValuesAsText("protocol").contains("UDP"), "TFTP is UDP");
        assertProbes(ctl);
        JsonNode postgres = base.find("StatefulSet", "postgres").orElseThrow();
        assertFalse(postgres.path("spec").path("volumeClaimTemplates").isEmpty(), "PostgreSQL keeps its data on a volume");
        // Each process creates its own database before it starts.
        for (JsonNode workload : base.workloads()) {
            if (!workload.equals(postgres)) {
                JsonNode init = workload.path("spec").path("template").path("spec").path("initContainers").get(0);
                assertEquals("create-database", init.path("name").asText(), ClusterManifests.describe(workload));
            }
        }
    }

    @Test
    void labCaHasItsOwnDatabaseAndKeyEncryptionKeyAndWritesItsServiceIntoCertificates() {
        JsonNode deployment = base.find("Deployment", "lab-ca").orElseThrow();
        JsonNode lab = ClusterManifests.containers(deployment, false).get(0);
        assertEquals(Set.of(8070, 8433), ports(lab));
        assertProbes(lab);
        JsonNode service = base.find("Service", "lab-ca").orElseThrow();
        assertTrue(ClusterManifests.selects(service, deployment), "Service lab-ca selects its pod");
        assertEquals(8070, service.path("spec").path("ports").get(0).path("port").asInt());
        assertEquals("http://lab-ca:8070", ClusterManifests.envValue(lab, "UCFLEET_LAB_CA_PUBLIC_URL").orElseThrow(),
                "the CDP and AIA URLs are the Service's");
        assertEquals("jdbc:postgresql://postgres:5432/lab-ca", ClusterManifests.envValue(lab, "QUARKUS_DATASOURCE_JDBC_URL")
                .orElseThrow());
        JsonNode kekRef = null;
        for (JsonNode env : lab.path("env")) {
            if (env.path("name").asText().equals("UCFLEET_LAB_CA_KEY_ENCRYPTION_KEY")) {
                kekRef = env.path("valueFrom").path("secretKeyRef");
            }
        }
        assertTrue(kekRef != null, "lab-ca has no key-encryption key");
        String kek = base.entries("Secret", kekRef.path("name").asText()).get(kekRef.path("key").asText());
        assertEquals(32, Base64.getDecoder().decode(kek.trim()).length, "lab-ca's key-encryption key");
        assertEquals(generated("Secret", "lab-ca-kek"), kekRef.path("name").asText());
        JsonNode policy = base.find("NetworkPolicy", "postgres").orElseThrow();
        assertTrue(policy.toString().contains("\"lab-ca\""), "the database's NetworkPolicy lets lab-ca in");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown-field     | The field `containerPrt` in the JSON string is not defined",
        "wrong-type        | spec.template.spec.containers[0].env[0].value must be a string, not number",
        "unknown-kind      | the Kubernetes API has no kind StatefulSett",
        "missing-required  | The required field `name` is not found",
        "dangling-secret   | refers to Secret db-credentials, which is not in the render",
        "service-not-headless | is not headless",
    })
    void aBrokenManifestFails(String fixture, String expected) throws Exception {
        ClusterManifests broken = new ClusterManifests(Kustomize.render(BROKEN.resolve(fixture)));
        List<String> problems = validateAll(broken);
        assertFalse(problems.isEmpty(), fixture + " passed validation");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), fixture + ": " + problems);
    }

    /** The real base, copied, with one misspelt field: the same check that passes it now fails. */
    @Test
    void aTypoInTheRealManifestsFails(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Path source = K8S.resolve("base");
        try (var paths = java.nio.file.Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (java.nio.file.Files.isDirectory(path)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(path, target);
                }
            }
        }
        Path imp = copy.resolve("nodes/cucm-imp.yaml");
        String text = java.nio.file.Files.readString(imp);
        assertTrue(text.contains("readinessProbe:"));
        java.nio.file.Files.writeString(imp, text.replace("readinessProbe:", "readynessProbe:"));
        List<String> problems = validateAll(new ClusterManifests(Kustomize.render(copy)));
        assertTrue(problems.stream().anyMatch(p -> p.contains("StatefulSet cucm-imp") && p.contains("readynessProbe")),
                problems.toString());
    }

    @Test
    void aKustomizationThatDoesNotRenderFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> Kustomize.render(BROKEN.resolve("missing-resource")));
        assertTrue(error.getMessage().contains("kubectl kustomize"), error.getMessage());
    }

    private static Set<Integer> ports(JsonNode container) {
        Set<Integer> ports = new TreeSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        return ports;
    }

    private static String fieldRef(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (variable.equals(env.path("name").asText())) {
                return env.path("valueFrom").path("fieldRef").path("fieldPath").asText();
            }
        }
        throw new AssertionError("no " + variable);
    }

    private static void assertProbes(JsonNode container) {
        String name = container.path("name").asText();
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), name);
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), name);
        assertEquals("/q/health/live", container.path("startupProbe").path("httpGet").path("path").asText(), name);
    }

    private static JsonNode volume(JsonNode workload, String name) {
        for (JsonNode v : ClusterManifests.podSpec(workload).path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(ClusterManifests.describe(workload) + " has no volume " + name);
    }

    /** The name kustomize gave a generated ConfigMap or Secret (base name plus content hash). */
    private static String generated(String kind, String baseName) {
        return base.ofKind(kind).stream().map(ClusterManifests::name)
                .filter(n -> n.equals(baseName) || n.matches(java.util.regex.Pattern.quote(baseName) + "-[a-z0-9]{10}"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + baseName));
    }
}
