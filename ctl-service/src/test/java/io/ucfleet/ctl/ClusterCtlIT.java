package io.ucfleet.ctl;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.junit.Fleet;
import io.ucfleet.junit.FleetProcess;
import io.ucfleet.junit.UcfleetFleet;

/**
 * A real cluster, started by the JUnit extension users test with ({@code ucfleet-junit}, topology
 * {@code topologies/ctl-it.yaml}): publisher and subscriber node-service jars, the cluster's
 * cluster-sync and the ctl-service jar, each with its own embedded PostgreSQL, on an automatic
 * port base. A phone (curl over TFTP and HTTP, and {@link PhoneView}) takes the ITL on first
 * sight and checks the CTL with the ITLRecovery certificate it holds; regenerating CallManager
 * on the subscriber makes the CTL stale until update CTLFile lists the new certificate.
 */
// All four boot at once (the services take a third of a node's boot, so they finish within it);
// the phone's per-device files need a configured device.
@UcfleetFleet(topology = "topologies/ctl-it.yaml", jvmOptions = "-Ducfleet.ctl.devices=SEP001122334455", parallel = 4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCtlIT {
    static Fleet fleet;
    static Path dir;
    static int pub;
    static int sub;
    static int ctl;
    static int tftp;
    static int tftpHttp;

    @BeforeAll
    static void cluster() throws Exception {
        dir = Files.createTempDirectory("ucfleet-ctl-it");
        // the nodes' API is HTTPS only (their plain HTTP redirects all but health and metrics)
        pub = fleet.node("cucm-pub").httpsPort();
        sub = fleet.node("cucm-sub").httpsPort();
        FleetProcess ctlService = fleet.process("ctl-service");
        ctl = ctlService.port("https").orElseThrow(); // its API is HTTPS only
        tftp = ctlService.port("tftp").orElseThrow();
        tftpHttp = ctlService.port("tftpHttp").orElseThrow();
    }

    /** The downloads and the bad-digest service's database; the fleet's own state the extension deletes. */
    @AfterAll
    static void deleteDownloads() throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static RequestSpecification admin(int port) {
        Fleet.Account admin = fleet.credentials().admin();
        // ctl-service verified by the fleet's services CA (host name 127.0.0.1 in its certificate)
        RequestSpecification spec = port == ctl ? given().baseUri("https://127.0.0.1").port(port)
                .config(io.restassured.config.RestAssuredConfig.config().sslConfig(io.restassured.config.SSLConfig.sslConfig()
                        .trustStore(fleet.servicesTrustStore())))
                : given().baseUri("https://127.0.0.1").port(port).relaxedHTTPSValidation(); // a node's self-signed tomcat
        return spec.auth().preemptive().basic(admin.username(), admin.password());
    }

    static byte[] tftpGet(String name) throws Exception {
        Path target = Files.createTempFile(dir, "tftp", ".tlv");
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "30", "tftp://127.0.0.1:" + tftp + "/" + name,
                "-o", target.toString()).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), "curl tftp " + name + ": " + out);
        return Files.readAllBytes(target);
    }

    static byte[] httpGet(String name) {
        return given().port(tftpHttp).get("/" + name).then().statusCode(200).extract().asByteArray();
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    static String identitySha256(int node, String unit) {
        return admin(node).get("/api/v1/identities/" + unit).then().statusCode(200).extract().path("fingerprints.sha256");
    }

    static List<String> certificateSha256s(PhoneView view) throws Exception {
        List<String> out = new ArrayList<>();
        for (var r : view.records) {
            out.add(r.certificateDer() == null ? null : hex("SHA-256", r.certificateDer()));
        }
        return out;
    }

    /** The ITL a phone trusts on first sight; its SAST record is the ITLRecovery certificate. */
    static PhoneView itl() {
        PhoneView itl = new PhoneView(httpGet("ITLFile.tlv"));
        assertTrue(itl.verifiesWith(itl.signerRecord().certificate()), "the ITL verifies with its own SAST record");
        return itl;
    }

    @Test
    @Order(1)
    void theItlIsServedInNonSecureModeSignedByItlRecovery() throws Exception {
        admin(ctl).get("/api/v1/ctl").then().statusCode(200).body("clusterSecurityMode", equalTo("non-secure"));
        PhoneView itl = itl();
        assertEquals(identitySha256(pub, "ITLRecovery"), hex("SHA-256", itl.signerRecord().certificateDer()));
        // ITLRecovery (SAST), the TFTP node's CallManager (CCM+TFTP), every TVS, CAPF.
        assertEquals(List.of(0, 2, 21, 21, 4), itl.records.stream().map(PhoneView.Record::role).toList());
        assertEquals(List.of(identitySha256(pub, "ITLRecovery"), identitySha256(pub, "CallManager"),
                identitySha256(pub, "TVS"), identitySha256(sub, "TVS"), identitySha256(pub, "CAPF")),
                certificateSha256s(itl));
        assertArrayEquals(itl.file, tftpGet("ITLFile.tlv"), "the same ITL over TFTP");
        assertArrayEquals(itl.file, tftpGet("ITLSEP001122334455.tlv"), "per-device ITL of a configured phone");
        given().port(tftpHttp).get("/ITLSEP0000000000AA.tlv").then().statusCode(404);
        PhoneView subscribersItl = new PhoneView(httpGet("cucm-sub/ITLFile.tlv"));
        assertEquals(identitySha256(sub, "CallManager"), certificateSha256s(subscribersItl).get(1));
        given().port(tftpHttp).get("/CTLFile.tlv").then().statusCode(404);
    }

    @Test
    @Order(2)
    void mixedModeGivesPhonesACtlOverTftpAndHttpThatVerifiesWithTheItlRecoveryFromTheItl() throws Exception {
        JsonPath outcome = admin(ctl).post("/api/v1/ctl/mixed-mode").then().statusCode(200).extract().jsonPath();
        assertEquals("mixed", outcome.getString("clusterSecurityMode"));
        assertEquals(1, outcome.getInt("ctl.version"));
        assertEquals(List.of("cucm-pub", "cucm-sub"), outcome.getList("notified"));

        byte[] overTftp = tftpGet("CTLFile.tlv");
        byte[] overHttp = httpGet("CTLFile.tlv");
        assertArrayEquals(overTftp, overHttp);
        assertArrayEquals(overTftp, tftpGet("CTLSEP001122334455.tlv"), "per-device CTL of a configured phone");
        PhoneView ctlFile = new PhoneView(overTftp);
        assertEquals(1, ctlFile.digest, "SHA-1 by default, as Cisco's file");
        assertTrue(ctlFile.verifiesWith(itl().signerRecord().certificate()),
                "the CTL verifies with the ITLRecovery certificate the phone got from the ITL");
        assertEquals(List.of(0, 2, 2, 4), ctlFile.records.stream().map(PhoneView.Record::role).toList());
        assertEquals(List.of(identitySha256(pub, "ITLRecovery"), identitySha256(pub, "CallManager"),
                identitySha256(sub, "CallManager"), identitySha256(pub, "CAPF")), certificateSha256s(ctlFile));

        JsonPath status = admin(ctl).get("/api/v1/ctl").then().statusCode(200).extract().jsonPath();
        assertEquals(hex("MD5", overTftp), status.getString("ctl.md5"));
        assertEquals(hex("SHA-1", overTftp), status.getString("ctl.sha1"));
        assertTrue(status.getBoolean("ctlUpToDate"));
        admin(ctl).get("/api/v1/ctl/versions").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].md5", equalTo(hex("MD5", overTftp))).body("[0].createdAt", org.hamcrest.Matchers.notNullValue());
        admin(ctl).get("/api/v1/ctl/show").then().statusCode(200)
                .body(containsString("This etoken was used to sign the CTL file."))
                .body(containsString("The CTL file was verified successfully."));
        admin(sub).get("/api/v1/ctl-status").then().statusCode(200).body("clusterSecurityMode", equalTo("mixed"))
                .body("ctlUpdateRequired", equalTo(false));
        admin(ctl).post("/api/v1/ctl/mixed-mode").then().statusCode(409);
    }

    @Test
    @Order(3)
    void regeneratingCallManagerOnTheSubscriberMarksTheCtlStaleUntilUpdateCtlFile() throws Exception {
        String old = identitySha256(sub, "CallManager");
        String regenerated = admin(sub).contentType("application/json").body("{}")
                .post("/api/v1/identities/CallManager/regenerate").then().statusCode(200)
                .body("ctlUpdateRequiredInMixedMode", equalTo(true)).extract().path("certificate.fingerprints.sha256");
        assertNotEquals(old, regenerated);

        JsonPath stale = admin(ctl).get("/api/v1/ctl").then().statusCode(200).extract().jsonPath();
        assertFalse(stale.getBoolean("ctlUpToDate"));
        assertTrue(stale.getBoolean("ctlUpdateRequired"));
        assertEquals(regenerated, stale.getString("changes.find { it.file == 'CTLFile.tlv' && it.node == 'cucm-sub' }"
                + ".currentSha256"));
        assertEquals("CallManager", stale.getString("changes.find { it.file == 'CTLFile.tlv' }.unit"));
        admin(sub).get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true))
                .body("changed[0].unit", equalTo("CallManager"));
        admin(pub).get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(false));

        admin(ctl).post("/api/v1/ctl/update").then().statusCode(200).body("ctl.version", equalTo(2));
        PhoneView updated = new PhoneView(tftpGet("CTLFile.tlv"));
        assertTrue(certificateSha256s(updated).contains(regenerated), "update CTLFile lists the new certificate");
        assertFalse(certificateSha256s(updated).contains(old));
        assertTrue(updated.verifiesWith(itl().signerRecord().certificate()));
        admin(ctl).get("/api/v1/ctl").then().body("ctlUpToDate", equalTo(true)).body("ctlUpdateRequired", equalTo(false));
        admin(sub).get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(false));
        admin(ctl).get("/api/v1/ctl/versions").then().body("version", equalTo(List.of(1, 2)));
    }

    @Test
    @Order(4)
    void aRegeneratedTvsLeavesTheCtlFileCurrentButCallsForUpdateCtlFileForTheItls() throws Exception {
        String regenerated = admin(pub).contentType("application/json").body("{}")
                .post("/api/v1/identities/TVS/regenerate").then().statusCode(200)
                .extract().path("certificate.fingerprints.sha256");
        JsonPath status = admin(ctl).get("/api/v1/ctl").then().statusCode(200).extract().jsonPath();
        assertTrue(status.getBoolean("ctlUpToDate"));
        assertFalse(status.getBoolean("itlUpToDate"));
        assertTrue(status.getBoolean("ctlUpdateRequired"));
        assertEquals(List.of("cucm-pub/ITLFile.tlv", "cucm-sub/ITLFile.tlv"), status.getList("changes.file"));
        admin(pub).get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true));
        admin(ctl).post("/api/v1/ctl/update").then().statusCode(200);
        assertTrue(certificateSha256s(itl()).contains(regenerated), "the rebuilt ITL lists the new TVS");
        admin(pub).get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(false));
    }

    @Test
    @Order(5)
    void nonSecureModeKeepsCcmTftpRecordsWithoutCertificates() throws Exception {
        admin(ctl).post("/api/v1/ctl/non-secure-mode").then().statusCode(200)
                .body("clusterSecurityMode", equalTo("non-secure")).body("ctl.version", equalTo(4));
        PhoneView ctlFile = new PhoneView(httpGet("CTLFile.tlv"));
        // 5 (length) + 3 + "cucm-pub\0" + 5 (function) + 7 (IP) = 29: Cisco's 33-byte records with a 12-byte name.
        assertEquals(List.of(29, 29), ctlFile.records.stream().filter(r -> r.role() == 2).map(PhoneView.Record::length)
                .toList());
        assertTrue(ctlFile.verifiesWith(itl().signerRecord().certificate()));
        admin(sub).get("/api/v1/ctl-status").then().body("clusterSecurityMode", equalTo("non-secure"));
    }

    /** One contract: the same bad requests get the same problem body shape (and type) from a node and from ctl-service. */
    @Test
    @Order(6)
    void aNodeAndCtlServiceAnswerTheSameProblemShape() {
        for (String path : List.of("/api/v1/no-such-path", "/api/v1/ctl/versions?kind=bogus")) {
            var fromNode = admin(pub).get(path).then().contentType("application/problem+json").extract().jsonPath();
            var fromCtl = admin(ctl).get(path).then().contentType("application/problem+json").extract().jsonPath();
            for (var body : List.of(fromNode, fromCtl)) {
                assertEquals(List.of("type", "title", "status", "detail", "instance"),
                        new ArrayList<>(body.getMap("").keySet()).subList(0, 5), path + ": " + body.prettify());
                assertTrue(body.getString("instance").startsWith("urn:uuid:"), body.prettify());
            }
            if (path.contains("no-such-path")) {
                assertEquals(fromNode.getString("type"), fromCtl.getString("type"));
                assertEquals(fromNode.getString("title"), fromCtl.getString("title"));
                assertEquals(fromNode.getInt("status"), fromCtl.getInt("status"));
            }
        }
        given().baseUri("https://127.0.0.1").port(ctl).config(io.restassured.config.RestAssuredConfig.config().sslConfig(
                io.restassured.config.SSLConfig.sslConfig().trustStore(fleet.servicesTrustStore()))).get("/api/v1/ctl").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:unauthorized"));
    }

    /**
     * A digest the files cannot carry is a configuration error: the boot fails naming it, instead
     * of the first update CTLFile. Its own process: the launcher's JVM options go to every process
     * of a fleet, and a fleet that cannot start fails the class.
     */
    @Test
    @Order(7)
    void anUnknownSignatureDigestFailsTheBoot() throws Exception {
        Path ctlJar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        Fleet.Credentials accounts = fleet.credentials();
        try (ServiceProcess bad = ServiceProcess.builder("ctl-bad-digest", ctlJar).logDir(dir)
                .jvmOptions(List.of("-Xmx192m", "-XX:+UseSerialGC"))
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", accounts.admin().password())
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin")
                .env("UCFLEET_CLUSTER_MEMBERS", "https://127.0.0.1:" + pub).env("UCFLEET_CLUSTER_USERNAME", "cluster")
                .env("UCFLEET_CLUSTER_PASSWORD", accounts.cluster().password())
                .dataDir("ucfleet.ctl.data-dir", dir.resolve("ctl-bad")).property("ucfleet.ctl.digest", "MD5")
                .property("ucfleet.ctl.tftp-port", CtlTestEnvironment.freeUdpPort())
                .property("ucfleet.ctl.tftp-http-port", CtlTestEnvironment.freeTcpPort()).build().start()) {
            assertTrue(bad.awaitExit(Duration.ofSeconds(120)), "the service must not start: " + bad.logTail());
            assertTrue(bad.logText().contains("ucfleet.ctl.digest must be SHA-1 or SHA-512, not \"MD5\""), bad.logTail());
        }
    }
}
