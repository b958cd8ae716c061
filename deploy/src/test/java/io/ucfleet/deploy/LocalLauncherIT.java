package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/local/cluster} as a user runs it, with a topology of its own: four nodes in three
 * clusters (a Unified CM publisher and subscriber, Unity Connection, Expressway) on one shared
 * database server and a lab CA, eleven processes with their cluster-syncs and ctl-service, booting at once
 * on an automatic port base. Judged from outside: the status JSON, curl against the nodes with
 * the generated credentials, cluster-sync's own view of its members, {@code psql} against the
 * database server, and the process table after down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLauncherIT {
    static final Path SCRIPT = Path.of("local", "cluster").toAbsolutePath();
    static final String TOPOLOGY = """
            name: launcher-it
            domain: it.ucfleet.test
            database: shared
            clusters:
              - name: cucm
                nodes:
                  - {name: it-pub, role: publisher}
                  - {name: it-sub, role: subscriber, release: 12.5.1.11900-146}
                  - {name: it-imp, role: im-and-presence}
              - name: cuc
                nodes:
                  - {name: it-cuc, role: unity-connection}
              - name: edge
                nodes:
                  - {name: it-exp, role: expressway-e}
            """;
    static Path state;
    static Path topology;
    static JsonNode status;

    record Run(int exit, String out, String err) {
    }

    static Run cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("UCFLEET_LOCAL_STATE_DIR", state.toString());
        builder.environment().remove("UCFLEET_LOCAL_PORT_BASE");
        Path out = Files.createTempFile(state.getParent(), "out", ".txt");
        Path err = Files.createTempFile(state.getParent(), "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(6, TimeUnit.MINUTES), "cluster " + String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @BeforeAll
    static void stateDir() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-it");
        state = dir.resolve(".state");
        topology = dir.resolve("launcher-it.yaml");
        Files.writeString(topology, TOPOLOGY);
    }

    @AfterAll
    static void down() throws Exception {
        cluster("down");
    }

    @Test
    @Order(1)
    void aBrokenTopologyIsRefusedWithEveryProblemAndNothingStarts() throws Exception {
        Path bad = state.getParent().resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nclusters:\n  - name: c\n    nodes:\n      - {name: s, role: subscriber}\n"
                + "      - {name: s, role: callmanager}\n");
        Run run = cluster("up", "--no-build", "--topology", bad.toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("clusters[0].nodes[1].role: unknown role \"callmanager\""), run.err());
        assertTrue(run.err().contains("clusters[0]: subscribers need their cluster's publisher"), run.err());
        assertFalse(Files.exists(state.resolve("s")), "nothing started");
    }

    @Test
    @Order(2)
    void aPortAnotherProgramHoldsIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int base = squatter.getLocalPort() - 1; // it-sub's HTTP port with the layout's offsets
            Run run = cluster("up", "--no-build", "--topology", topology.toString(), "--port-base", Integer.toString(base));
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("127.0.0.1:" + squatter.getLocalPort() + " (it-sub http)"), run.err());
            assertTrue(cluster("status").out().contains("\"pid\" : null"));
            assertFalse(cluster("status").out().contains("\"state\" : \"running\""));
        }
    }

    @Test
    @Order(3)
    void elevenProcessesBootAtOnceOnPortsNothingElseTakesAndEachIsReady() throws Exception {
        Run up = cluster("up", "--no-build", "--topology", topology.toString(), "--port-base", "auto", "--parallel", "8");
        assertEquals(0, up.exit(), up.out() + up.err());
        assertTrue(up.out().contains("launcher-it is up"), up.out());
        status = new ObjectMapper().readTree(cluster("status").out());
        assertEquals("launcher-it", status.path("topology").asText());
        List<String> names = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        for (JsonNode p : status.path("processes")) {
            names.add(p.path("name").asText());
            assertEquals("running", p.path("state").asText(), p.toString());
            p.path("ports").forEach(port -> {
                assertTrue(ports.add(port.asInt()), "port " + port + " twice");
                assertTrue(port.asInt() < 32768, "below the ephemeral range: " + port);
            });
        }
        assertEquals(List.of("postgres", "it-pub", "it-sub", "it-imp", "it-cuc", "it-exp", "cucm-cluster-sync", "cucm-ctl-service",
                "cuc-cluster-sync", "edge-cluster-sync", "lab-ca"), names);
        assertEquals("lab-ca", process("lab-ca").path("service").asText());
        JsonNode exp = process("it-exp");
        assertTrue(exp.path("ssh").isNull(), "Expressway has no platform CLI");
        assertEquals("it-exp.it.ucfleet.test", exp.path("fqdn").asText());
        assertNotNull(process("it-pub").path("urls").path("certmgr").textValue());
        assertTrue(process("cucm-ctl-service").path("urls").path("tftp").asText().startsWith("tftp://127.0.0.1:"));
    }

    static JsonNode process(String name) {
        for (JsonNode p : status.path("processes")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no process " + name);
    }

    @Test
    @Order(4)
    void theNodesAreWhatTheTopologySaysAndEachClusterSyncKnowsOnlyItsOwnNodes() throws Exception {
        String admin = "administrator:" + status.path("credentials").path("admin").path("password").asText();
        String sub = curl("-u", admin, process("it-sub").path("https").asText() + "/api/v1/node");
        assertTrue(sub.contains("\"role\":\"subscriber\""), sub);
        assertTrue(sub.contains("12.5.1.11900-146"), sub);
        assertTrue(curl("-o", "/dev/null", "-w", "%{http_code}", process("it-cuc").path("https").asText() + "/api/v1/node")
                .equals("401"), "no anonymous reads");
        // the API on plain HTTP: redirected to HTTPS, before any credentials are looked at
        assertTrue(curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", process("it-cuc").path("http").asText()
                + "/api/v1/node").equals("302 " + process("it-cuc").path("https").asText() + "/api/v1/node"), "HTTPS only");
        String cucmSync = "";
        for (int i = 0; i < 60; i++) {
            cucmSync = curl("-u", "monitor:" + status.path("credentials").path("readOnly").path("password").asText(),
                    process("cucm-cluster-sync").path("urls").path("status").asText());
            if (cucmSync.split("\"reason\":\"Synced\"", -1).length - 1 == 3) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(3, cucmSync.split("\"reason\":\"Synced\"", -1).length - 1, cucmSync);
        assertTrue(cucmSync.contains("it-pub.it.ucfleet.test") && cucmSync.contains("it-sub.it.ucfleet.test"), cucmSync);
        assertFalse(cucmSync.contains("it-cuc"), "another cluster's node");
        String ctl = curl("-u", admin, process("cucm-ctl-service").path("urls").path("api").asText() + "/status");
        assertFalse(ctl.contains("\"status\":5"), ctl);
    }

    @Test
    @Order(5)
    void freshMakesEveryNodeANewInstallAndClockAndFaultReachTheirProcesses() throws Exception {
        String admin = "administrator:" + status.path("credentials").path("admin").path("password").asText();
        String pubApi = process("it-pub").path("urls").path("api").asText();
        String tomcatBefore = new ObjectMapper().readTree(curl("-u", admin, pubApi + "/identities/tomcat"))
                .path("fingerprints").path("sha256").asText();
        Run fresh = cluster("fresh");
        assertEquals(0, fresh.exit(), fresh.out() + fresh.err());
        assertTrue(fresh.out().startsWith("fresh in "), fresh.out());
        String tomcatAfter = new ObjectMapper().readTree(curl("-u", admin, pubApi + "/identities/tomcat"))
                .path("fingerprints").path("sha256").asText();
        assertFalse(tomcatAfter.isEmpty() || tomcatAfter.equals(tomcatBefore), tomcatBefore + " -> " + tomcatAfter);
        // cluster-sync read the new feeds from the start: the subscriber's tomcat-trust has the publisher's new tomcat
        String subApi = process("it-sub").path("urls").path("api").asText();
        String subTrust = "";
        for (int i = 0; i < 60 && !subTrust.contains(tomcatAfter); i++) {
            Thread.sleep(500);
            subTrust = curl("-u", admin, subApi + "/certificates?unit=tomcat-trust&size=100");
        }
        assertTrue(subTrust.contains(tomcatAfter), subTrust);
        assertFalse(subTrust.contains(tomcatBefore), "the old tomcat is gone with the old install");

        Run clock = cluster("clock", "P30D", "it-sub");
        assertEquals(0, clock.exit(), clock.err());
        assertTrue(curl("-u", admin, subApi.replace("/api/v1", "/ucfleet/v1/clock")).contains("\"offset\":\"PT720H\""));
        assertTrue(curl("-u", admin, pubApi.replace("/api/v1", "/ucfleet/v1/clock")).contains("\"offset\":\"PT0S\""));
        assertEquals(2, cluster("clock", "soon").exit(), "not a duration");
        assertEquals(1, cluster("fresh", "nope").exit(), "not a process");

        Run delay = cluster("fault", "replication-delay", "PT1S");
        assertEquals(0, delay.exit(), delay.err());
        assertTrue(delay.out().contains("cucm-cluster-sync: ") && delay.out().contains("\"replicationDelay\":\"PT1S\""),
                delay.out());
        assertEquals(0, cluster("fault", "replication-delay", "clear").exit());

        Run http = cluster("fault", "http", "it-sub", "--path", "/api/v1/node", "--status", "503");
        assertEquals(0, http.exit(), http.err());
        assertEquals("503", curl("-u", admin, "-o", "/dev/null", "-w", "%{http_code}", subApi + "/node"));
        assertEquals("200", curl("-u", admin, "-o", "/dev/null", "-w", "%{http_code}", pubApi + "/node"), "only it-sub");
        assertTrue(cluster("fault", "list").out().contains("\"pathPrefix\":\"/api/v1/node\""));
        assertEquals(2, cluster("fault", "http", "it-sub", "--status", "x").exit());
        assertEquals(0, cluster("fault", "clear").exit());
        assertEquals("200", curl("-u", admin, "-o", "/dev/null", "-w", "%{http_code}", subApi + "/node"));

        // a hung node: it accepts connections and answers nothing, until resumed
        assertEquals(0, cluster("pause", "it-cuc").exit());
        String cucApi = process("it-cuc").path("urls").path("api").asText();
        assertTrue(curl("-u", admin, "--max-time", "2", "-o", "/dev/null", "-w", "%{http_code}", cucApi + "/node").contains("000"));
        assertEquals(0, cluster("resume", "it-cuc").exit());
        assertEquals("200", curl("-u", admin, "-o", "/dev/null", "-w", "%{http_code}", cucApi + "/node"));

        // a crashed cluster-sync: SIGKILL, then back on its data
        Run kill = cluster("kill", "edge-cluster-sync");
        assertEquals(0, kill.exit(), kill.err());
        assertTrue(cluster("status").out().contains("\"stopped\""));
        Run start = cluster("start", "edge-cluster-sync");
        assertEquals(0, start.exit(), start.err());
        assertTrue(start.out().contains("edge-cluster-sync: ready"), start.out());

        Run expiring = cluster("scenario", "expiring", "10", "it-pub", "--unit", "ipsec");
        assertEquals(0, expiring.exit(), expiring.err());
        assertTrue(expiring.out().startsWith("it-pub: [{\"unit\":\"ipsec\""), expiring.out());
        Run expired = cluster("scenario", "expired-trust", "--days-ago", "2");
        assertEquals(0, expired.exit(), expired.err());
        assertTrue(expired.out().contains("it-pub: ") && expired.out().contains("it-cuc: ") && expired.out().contains("\"expired\""),
                expired.out());
        Run mixed = cluster("scenario", "mixed-mode");
        assertEquals(0, mixed.exit(), mixed.err());
        assertTrue(mixed.out().startsWith("cucm-ctl-service: "), mixed.out());
        assertTrue(curl("-u", admin, process("cucm-ctl-service").path("urls").path("api").asText()).contains("\"mixed\""),
                "ctl-service reports mixed mode");
    }

    @Test
    @Order(6)
    void aRestoreBringsBackTheSnapshotsCertificatesKeysAndTrustOnEveryNode() throws Exception {
        String admin = "administrator:" + status.path("credentials").path("admin").path("password").asText();
        String pubApi = process("it-pub").path("urls").path("api").asText();
        String subApi = process("it-sub").path("urls").path("api").asText();
        Path file = state.getParent().resolve("fleet.snapshot.json");
        Run snapshot = cluster("snapshot", file.toString());
        assertEquals(0, snapshot.exit(), snapshot.out() + snapshot.err());
        System.out.println(snapshot.out().trim());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String tomcat = sha256(curl("-u", admin, pubApi + "/identities/tomcat"));

        Path dir = Files.createTempDirectory(state.getParent(), "ca");
        Process ca = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=ucfleet snapshot test CA", "-days", "30", "-keyout", dir.resolve("ca.key").toString(), "-out",
                dir.resolve("ca.pem").toString()).redirectErrorStream(true).start();
        assertEquals(0, ca.waitFor());
        curl("-u", admin, "-H", "Content-Type: application/x-pem-file", "--data-binary", "@" + dir.resolve("ca.pem"),
                pubApi + "/trust-stores/tomcat-trust/certificates");
        curl("-u", admin, "-H", "Content-Type: application/json", "-d", "{}", pubApi + "/identities/tomcat/regenerate");
        assertFalse(tomcat.equals(sha256(curl("-u", admin, pubApi + "/identities/tomcat"))));
        String subTrust = "";
        for (int i = 0; i < 60 && !subTrust.contains("ucfleet snapshot test CA"); i++) {
            Thread.sleep(500);
            subTrust = curl("-u", admin, subApi + "/certificates?unit=tomcat-trust&size=100");
        }
        assertTrue(subTrust.contains("ucfleet snapshot test CA"), "replicated before the restore: " + subTrust);

        Run restore = cluster("restore", file.toString());
        assertEquals(0, restore.exit(), restore.out() + restore.err());
        System.out.println(restore.out().trim());
        assertEquals(tomcat, sha256(curl("-u", admin, pubApi + "/identities/tomcat")));
        assertFalse(curl("-u", admin, pubApi + "/certificates?unit=tomcat-trust&size=100").contains("ucfleet snapshot test CA"));
        Thread.sleep(3000); // what cluster-sync might still deliver, it would have by now
        assertFalse(curl("-u", admin, subApi + "/certificates?unit=tomcat-trust&size=100").contains("ucfleet snapshot test CA"),
                "nothing from after the snapshot comes back");
        // the restored key is the restored certificate's: HTTPS presents it (a TLS handshake needs the key)
        String served = curl("-w", "%{certs}", "-o", "/dev/null", process("it-pub").path("https").asText() + "/q/health/ready");
        Path servedPem = dir.resolve("served.pem");
        Files.writeString(servedPem, served.substring(served.indexOf("-----BEGIN CERTIFICATE-----")));
        Process fp = new ProcessBuilder("openssl", "x509", "-in", servedPem.toString(), "-noout", "-fingerprint", "-sha256")
                .redirectErrorStream(true).start();
        String fingerprint = new String(fp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, fp.waitFor());
        assertEquals(tomcat.toUpperCase(java.util.Locale.ROOT), fingerprint.substring(fingerprint.indexOf('=') + 1).replace(":", "").trim());

        Path other = state.getParent().resolve("other.json");
        Files.writeString(other, Files.readString(file).replace("\"topology\":\"launcher-it\"", "\"topology\":\"elsewhere\""));
        Run refused = cluster("restore", other.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("the snapshot is of the fleet \"elsewhere\", not of launcher-it"), refused.err());
    }

    private static String sha256(String identityJson) throws Exception {
        return new ObjectMapper().readTree(identityJson).path("fingerprints").path("sha256").asText();
    }

    @Test
    @Order(7)
    void theLabCaSignsTheNodesThroughTheirOwnApiAndOpensslTrustsThemWithItsRootAlone() throws Exception {
        Run signed = cluster("scenario", "ca-signed", "it-pub", "it-sub");
        assertEquals(0, signed.exit(), signed.out() + signed.err());
        Path root = state.getParent().resolve("lab-root.pem");
        Files.writeString(root, curl(process("lab-ca").path("urls").path("root").asText()));
        assertTrue(Files.readString(root).startsWith("-----BEGIN CERTIFICATE-----"), Files.readString(root));
        for (String node : List.of("it-pub", "it-sub")) {
            String https = process(node).path("https").asText().replace("https://", "");
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", https, "-servername", node + ".it.ucfleet.test",
                    "-CAfile", root.toString(), "-verify_hostname", node + ".it.ucfleet.test", "-verify_return_error")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.contains("Verify return code: 0 (ok)"), node + ": " + out);
        }
        Run unknown = cluster("scenario", "ca-signed", "--unit");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("--unit needs a value"), unknown.err());
    }

    /**
     * Seed 001 end to end on a running fleet: IM and Presence presents cup-xmpp on its XMPP port
     * (openssl's STARTTLS), Jabber (lab-ca's verdict) prompts while it names only the FQDN, and
     * trusts it once the XMPP domain is in its SAN (security settings, then a lab-CA-signed
     * cup-xmpp, presented after the scenario restarts Cisco XCP Router). The nodes' tomcat-trust
     * as a trust source, read from the real nodes.
     */
    @Test
    @Order(8)
    void jabberTrustsTheXmppCertificateOnceItNamesTheXmppDomainAndTheNodesTomcatTrustIsAClientBundle() throws Exception {
        String admin = "administrator:" + status.path("credentials").path("admin").path("password").asText();
        JsonNode imp = process("it-imp");
        int xmpp = imp.path("xmpp").asInt();
        assertTrue(xmpp > 0 && imp.path("xmppS2s").asInt() > 0, imp.toString());
        String impApi = imp.path("urls").path("api").asText();
        String verdicts = process("lab-ca").path("urls").path("api").asText() + "/client-verdicts";
        String root = Files.readString(state.getParent().resolve("lab-root.pem"));
        ObjectMapper json = new ObjectMapper();
        String xmppTarget = "{\"host\": \"127.0.0.1\", \"port\": " + xmpp
                + ", \"protocol\": \"xmpp-c2s\", \"xmppDomain\": \"it.ucfleet.test\"}";
        String bundle = json.writeValueAsString(root);

        JsonNode selfSigned = json.readTree(curl("-u", admin, "-H", "Content-Type: application/json", "-d",
                "{\"target\": " + xmppTarget + ", \"trust\": {\"bundle\": " + bundle + "}}", verdicts));
        assertEquals("prompt", selfSigned.path("verdict").asText(), selfSigned.toString());

        String saved = curl("-u", admin, "-X", "PUT", "-H", "Content-Type: application/json", "-d",
                "{\"useDomainNameForXmppCertificateSan\": true}", impApi + "/security-settings");
        assertTrue(saved.contains("\"xmppDomain\":\"it.ucfleet.test\""), saved);
        Run signed = cluster("scenario", "ca-signed", "it-imp", "--unit", "cup-xmpp");
        assertEquals(0, signed.exit(), signed.out() + signed.err());

        Path rootFile = state.getParent().resolve("lab-root.pem");
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + xmpp, "-starttls", "xmpp", "-xmpphost",
                "it.ucfleet.test", "-CAfile", rootFile.toString(), "-verify_hostname", "it.ucfleet.test", "-verify_return_error")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("Verify return code: 0 (ok)"), out);

        JsonNode trusted = json.readTree(curl("-u", admin, "-H", "Content-Type: application/json", "-d",
                "{\"target\": " + xmppTarget + ", \"trust\": {\"bundle\": " + bundle + "}}", verdicts));
        assertEquals("trusted", trusted.path("verdict").asText(), trusted.toString());
        JsonNode otherDomain = json.readTree(curl("-u", admin, "-H", "Content-Type: application/json", "-d",
                "{\"target\": " + xmppTarget.replace("it.ucfleet.test", "other.example") + ", \"trust\": {\"bundle\": "
                        + bundle + "}}", verdicts));
        assertTrue(otherDomain.toString().contains("host-unknown") || otherDomain.path("verdict").asText().equals("refused"),
                "a stream for another domain is refused by the node: " + otherDomain);

        // it-pub's tomcat, lab-CA-signed in the step before, against the cluster's own tomcat-trust (seed 001's bundle)
        String pubHttps = process("it-pub").path("https").asText().replace("https://", "");
        JsonNode byNodes = json.readTree(curl("-u", admin, "-H", "Content-Type: application/json", "-d",
                "{\"target\": {\"host\": \"127.0.0.1\", \"port\": " + pubHttps.substring(pubHttps.indexOf(':') + 1)
                        + ", \"serverName\": \"it-pub.it.ucfleet.test\"}, \"trust\": {\"nodes\": [\""
                        + process("it-pub").path("https").asText() + "\", \"" + process("it-sub").path("https").asText() + "\"]}}",
                verdicts));
        assertEquals("nodes", byNodes.path("trust").path("source").asText(), byNodes.toString());
        assertEquals("trusted", byNodes.path("verdict").asText(), byNodes.toString());
    }

    @Test
    @Order(9)
    void theFleetPageOfAnyClusterSyncShowsEveryClustersNodesTheirExpiryAndAPeerThatStopsAnswering() throws Exception {
        assertEquals(0, cluster("scenario", "expiring", "10", "it-cuc", "--unit", "tomcat").exit());
        Run expired = cluster("scenario", "expired-trust");
        assertEquals(0, expired.exit(), expired.out() + expired.err());
        String monitorAccount = "monitor:" + status.path("credentials").path("readOnly").path("password").asText();
        List<String> nodes = List.of("it-pub", "it-sub", "it-imp", "it-cuc", "it-exp");
        String fleet = process("cucm-cluster-sync").path("urls").path("fleet").asText();
        ObjectMapper json = new ObjectMapper();

        // the oracle: each node's own monitor, read directly; the page agrees once a refresh has read them all
        int[] want = new int[3];
        String page = "";
        for (int i = 0; i < 90; i++) {
            want = new int[3];
            for (String n : nodes) {
                JsonNode certs = json.readTree(curl("-u", monitorAccount,
                        process(n).path("urls").path("api").asText() + "/certificate-monitor/certificates")).path("certificates");
                want[0] += certs.size();
                for (JsonNode c : certs) {
                    want[1] += c.path("state").asText().equals("expired") ? 1 : 0;
                    want[2] += c.path("state").asText().equals("expiring") ? 1 : 0;
                }
            }
            page = curl("-u", monitorAccount, fleet);
            if (page.contains("<b id=\"count-certificates\">" + want[0] + "</b>") && page.contains("<b id=\"count-expired\">"
                    + want[1] + "</b>") && page.contains("<b id=\"count-expiring\">" + want[2] + "</b>")) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertTrue(want[1] >= 3 && want[2] >= 1, "the scenarios made expired and expiring certificates: " + java.util.Arrays.toString(want));
        assertTrue(page.contains("<b id=\"count-certificates\">" + want[0] + "</b>"), "certificates " + want[0] + ": " + page);
        assertTrue(page.contains("<b id=\"count-expired\">" + want[1] + "</b>"), page);
        assertTrue(page.contains("<b id=\"count-expiring\">" + want[2] + "</b>"), page);

        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        org.openqa.selenium.chrome.ChromeDriver browser = browser(monitorAccount);
        try {
            browser.get(fleet);
            assertEquals("launcher-it", browser.findElement(org.openqa.selenium.By.id("fleet-name")).getText());
            assertEquals("3", browser.findElement(org.openqa.selenium.By.id("count-clusters")).getText());
            assertEquals("5", browser.findElement(org.openqa.selenium.By.id("count-nodes")).getText());
            List<String> rows = browser.findElements(org.openqa.selenium.By.cssSelector("#nodes tr.node")).stream()
                    .map(r -> r.getAttribute("data-node")).toList();
            assertEquals(Set.copyOf(nodes), Set.copyOf(rows), "this cluster's nodes and the peers'");
            String sub = browser.findElement(org.openqa.selenium.By.cssSelector("#nodes tr[data-node='it-sub']")).getText();
            assertTrue(sub.contains("12.5.1.11900-146") && sub.contains("Synced"), sub);
            String cuc = browser.findElement(org.openqa.selenium.By.cssSelector("#nodes tr[data-node='it-cuc']")).getText();
            assertTrue(cuc.contains("cuc"), cuc);
            String expiring = browser.findElement(org.openqa.selenium.By.id("expiring")).getText();
            assertTrue(expiring.lines().anyMatch(l -> l.startsWith("it-cuc cuc tomcat identity") && l.contains(" 10 expiring")), expiring);
            assertFalse(browser.findElements(org.openqa.selenium.By.cssSelector("#timeline rect.expired")).isEmpty());
            assertFalse(browser.findElements(org.openqa.selenium.By.cssSelector("#timeline rect.expiring")).isEmpty());
            assertFalse(browser.findElements(org.openqa.selenium.By.cssSelector("#expiry-by-node td.expired")).isEmpty());
            screenshot(browser, screenshots.resolve("fleet-overview.png"));

            // a node's link opens its Certificate Management pages (the same fleet account, by HTTP Basic)
            browser.findElement(org.openqa.selenium.By.cssSelector("#nodes tr[data-node='it-cuc'] a")).click();
            assertTrue(browser.getCurrentUrl().startsWith(process("it-cuc").path("https").asText() + "/cmplatform/"),
                    browser.getCurrentUrl());
            assertTrue(browser.getPageSource().contains("Certificate List"), browser.getPageSource());

            // the Expressway cluster's cluster-sync stops: its node stays on the page as last read, with the failure
            assertEquals(0, cluster("stop", "edge-cluster-sync").exit());
            String down = "";
            for (int i = 0; i < 60 && !down.contains("source-error"); i++) {
                Thread.sleep(1_000);
                down = curl("-u", monitorAccount, fleet);
            }
            assertTrue(down.contains("source-error") && down.contains("cannot reach"), down);
            assertTrue(down.contains("data-node=\"it-exp\""), "the Expressway node as last read");
            browser.get(fleet);
            screenshot(browser, screenshots.resolve("fleet-overview-peer-down.png"));
        } finally {
            browser.quit();
            cluster("start", "edge-cluster-sync");
        }
        assertTrue(curl("-o", "/dev/null", "-w", "%{http_code}", fleet).equals("401"), "no anonymous reads");
    }

    /** Debian's Chromium, sending the fleet's read-only account by HTTP Basic to every page it opens. */
    static org.openqa.selenium.chrome.ChromeDriver browser(String account) {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "the fleet page test needs Debian's Chromium and its driver: apt-get install chromium chromium-driver");
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions()
                .setBinary(chromium.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1300",
                        "--ignore-certificate-errors"); // the nodes present their self-signed tomcat
        org.openqa.selenium.chrome.ChromeDriver browser = new org.openqa.selenium.chrome.ChromeDriver(
                new org.openqa.selenium.chrome.ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                        .usingAnyFreePort().build(), options);
        browser.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(60));
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString(account.getBytes(StandardCharsets.UTF_8)))));
        return browser;
    }

    static void screenshot(org.openqa.selenium.chrome.ChromeDriver browser, Path file) throws IOException {
        Files.write(file, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Test
    @Order(10)
    void upAgainIsANoOpLogsNameTheProcessAndDownLeavesNothingRunning() throws Exception {
        Run again = cluster("up", "--no-build");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("launcher-it is already up"), again.out());
        Run logs = cluster("logs", "cucm-cluster-sync");
        assertEquals(0, logs.exit());
        assertTrue(logs.out().contains("cluster-sync"), logs.out());
        Run unknown = cluster("logs", "nope");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no process \"nope\" in launcher-it; it has postgres, it-pub, it-sub"), unknown.err());

        List<Long> pids = new ArrayList<>();
        status.path("processes").forEach(p -> pids.add(p.path("pid").asLong()));
        Run down = cluster("down");
        assertEquals(0, down.exit(), down.err());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
        }
        assertFalse(ProcessHandle.allProcesses().anyMatch(h -> h.info().arguments()
                .map(a -> String.join(" ", a).contains(state.toString())).orElse(false)), "a process (PostgreSQL?) under the state dir");
        JsonNode after = new ObjectMapper().readTree(cluster("status").out());
        after.path("processes").forEach(p -> assertEquals("stopped", p.path("state").asText()));
        assertTrue(Files.exists(state.resolve("it-pub").resolve("key-encryption-key")), "secrets are kept for the next up");

        Run otherDatabases = cluster("up", "--no-build", "--database", "per-process");
        assertEquals(1, otherDatabases.exit(), otherDatabases.out() + otherDatabases.err());
        assertTrue(otherDatabases.err().contains("the data of launcher-it is in shared databases; to start it with per-process"
                + " ones, reset first"), otherDatabases.err());
        assertFalse(Files.exists(state.resolve("it-pub/data/postgres")), "nothing started");
    }

    static String psql(String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", process("postgres").path("ports").path("postgres").asText(),
                "-U", "postgres", "-d", "postgres", "-Atc", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    @Order(11)
    void oneServerHoldsADatabasePerProcessAndTheFleetOutlivesItsOutage() throws Exception {
        Run up = cluster("up", "--no-build");
        assertEquals(0, up.exit(), up.out() + up.err());
        status = new ObjectMapper().readTree(cluster("status").out());
        JsonNode postgres = process("postgres");
        assertEquals("postgresql", postgres.path("service").asText());
        int port = postgres.path("ports").path("postgres").asInt();
        assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/it_pub", process("it-pub").path("database").asText());
        assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/cucm_cluster_sync",
                process("cucm-cluster-sync").path("database").asText());
        Set<String> databases = Set.of(psql("select datname from pg_database").split("\\R"));
        assertTrue(databases.containsAll(Set.of("it_pub", "it_sub", "it_cuc", "it_exp", "cucm_cluster_sync", "cucm_ctl_service",
                "cuc_cluster_sync", "edge_cluster_sync")), databases.toString());
        assertTrue(psql("select count(*) from pg_stat_activity where datname = 'it_pub'").strip().matches("[1-9]\\d*"),
                "it-pub is connected to its database");
        for (String node : List.of("it-pub", "it-sub", "it-cuc", "it-exp")) {
            assertFalse(Files.exists(state.resolve(node).resolve("data/postgres")), node + " started no server of its own");
        }

        String admin = "administrator:" + status.path("credentials").path("admin").path("password").asText();
        String pubApi = process("it-pub").path("urls").path("api").asText();
        String tomcat = new ObjectMapper().readTree(curl("-u", admin, pubApi + "/identities/tomcat"))
                .path("fingerprints").path("sha256").asText();
        assertFalse(tomcat.isEmpty());
        Run kill = cluster("kill", "postgres");
        assertEquals(0, kill.exit(), kill.out() + kill.err());
        String health = "";
        for (int i = 0; i < 60 && !health.equals("503"); i++) {
            health = curl("-o", "/dev/null", "-w", "%{http_code}", process("it-pub").path("urls").path("health").asText());
            Thread.sleep(500);
        }
        assertEquals("503", health, "the node reports its database away");
        Run start = cluster("start", "postgres");
        assertEquals(0, start.exit(), start.out() + start.err());
        Run again = cluster("up", "--no-build"); // waits until every process is ready again
        assertEquals(0, again.exit(), again.out() + again.err());
        JsonNode after = new ObjectMapper().readTree(cluster("status").out());
        after.path("processes").forEach(p -> assertEquals("running", p.path("state").asText(), p.toString()));
        assertEquals(tomcat, new ObjectMapper().readTree(curl("-u", admin, pubApi + "/identities/tomcat"))
                .path("fingerprints").path("sha256").asText(), "the data outlived the outage");
    }
}
