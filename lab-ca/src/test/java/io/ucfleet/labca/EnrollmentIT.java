package io.ucfleet.labca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.labca.testing.Openssl;

/**
 * lab-ca as the launcher will run it — the packaged jar, embedded PostgreSQL under its data
 * directory, secrets in the environment — enrolling real node-service processes (node-service's
 * packaged jar, built earlier in the reactor) through their public REST API. Judged by what the
 * nodes then serve: {@code openssl s_client -verify_return_error} against the lab root, and
 * {@code openssl ocsp} on the served certificate, good and then revoked. Then a restart on the
 * same data keeps the hierarchy, and a wrong key-encryption key fails the boot.
 */
@TestMethodOrder(MethodOrderer.MethodName.class) // the restart (z...) last
class EnrollmentIT {
    static final String NODE_PASSWORD = "it-node-admin";
    static final String LAB_PASSWORD = "it-lab-admin";
    static final Path NODE_JAR = Path.of("..", "node-service", "target", "quarkus-app", "quarkus-run.jar");
    static final Path LAB_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final List<ServiceProcess> PROCESSES = new ArrayList<>();
    static final String KEK = kek();
    static ServiceProcess lab;
    static Node sub;
    static Node cuc;
    static Path labData;
    /** lab-ca's HTTPS port: its API is HTTPS only (its self-signed certificate, made in its data directory: no services CA here). */
    static int labHttps;

    record Node(ServiceProcess process, String fqdn, int https) {
        /** The node's API: HTTPS only (its plain HTTP redirects all but health and metrics). */
        String url() {
            return "https://127.0.0.1:" + https;
        }

        RequestSpecification admin() {
            return given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().auth().preemptive().basic(
                    "administrator", NODE_PASSWORD);
        }
    }

    static String kek() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    static RequestSpecification labAdmin() {
        return given().baseUri("https://127.0.0.1").port(labHttps).relaxedHTTPSValidation().auth().preemptive()
                .basic("administrator", LAB_PASSWORD);
    }

    static ServiceProcess labCa(String kek) {
        if (labHttps == 0) {
            labHttps = ServiceProcess.freePort();
        }
        return ServiceProcess.builder("lab-ca", LAB_JAR).jvmOptions(List.of("-Xmx160m", "-XX:+UseSerialGC"))
                .property("quarkus.http.ssl-port", labHttps)
                .dataDir("ucfleet.lab-ca.data-dir", labData)
                .env("UCFLEET_LAB_CA_KEY_ENCRYPTION_KEY", kek)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", LAB_PASSWORD)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin")
                .env("UCFLEET_LAB_CA_NODE_USERNAME", "administrator")
                .env("UCFLEET_LAB_CA_NODE_PASSWORD", NODE_PASSWORD).httpPort(lab == null ? 0 : lab.httpPort()).build();
    }

    static Node node(String name, String role) throws Exception {
        int[] ports = ServiceProcess.freePorts(2);
        ServiceProcess p = ServiceProcess.builder(name, NODE_JAR).httpPort(ports[0])
                .jvmOptions(List.of("-Xmx192m", "-XX:+UseSerialGC"))
                .property("quarkus.http.ssl-port", ports[1]).property("ucfleet.node.hostname", name)
                .property("ucfleet.node.fqdn", name + ".ucfleet.test").property("ucfleet.node.ip", "127.0.0.1")
                .property("ucfleet.node.role", role).dataDir("ucfleet.node.data-dir", Files.createTempDirectory("ucfleet-" + name))
                .property("ucfleet.node.ssh.host", "127.0.0.1").property("ucfleet.node.ssh.port", "0")
                .env("UCFLEET_NODE_KEY_ENCRYPTION_KEY", kek())
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", NODE_PASSWORD)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin").build();
        return new Node(p, name + ".ucfleet.test", ports[1]);
    }

    @BeforeAll
    static void start() throws Exception {
        for (Path jar : List.of(NODE_JAR, LAB_JAR)) {
            assertTrue(Files.isRegularFile(jar), jar.toAbsolutePath() + " is missing; build it first: ./mvnw -o package"
                    + " -Dmaven.test.skip=true -pl node-service,lab-ca -am");
        }
        labData = Files.createTempDirectory("ucfleet-lab-ca");
        lab = labCa(KEK);
        sub = node("cucm-s", "subscriber");
        cuc = node("cuc-a", "unity-connection");
        PROCESSES.addAll(List.of(lab, sub.process(), cuc.process()));
        PROCESSES.forEach(ServiceProcess::start);
        PROCESSES.parallelStream().forEach(p -> p.awaitReady(Duration.ofSeconds(180)));
    }

    @AfterAll
    static void stop() {
        PROCESSES.parallelStream().forEach(ServiceProcess::stop);
    }

    @Test
    void enrollsNodesThroughTheirOwnApiAndTheirServedCertificatesAnswerOcsp() throws Exception {
        Openssl o = Openssl.inTemp();
        o.write("root.pem", given().port(lab.httpPort()).get("/pki/default/root.pem").then().statusCode(200).extract().asString());
        o.write("inter.pem", given().port(lab.httpPort()).get("/pki/default/intermediate.pem").then().statusCode(200).extract()
                .asString());
        var before = serve(o, sub, "before.pem");
        assertTrue(before.exitCode() != 0 || !before.stdout().contains("Verify return code: 0 (ok)"), before.all());

        // one node, one unit, services restarted: HTTPS presents the lab-signed tomcat
        var report = labAdmin().contentType("application/json")
                .body(Map.of("node", sub.url(), "unit", "tomcat", "restartServices", true)).post("/api/v1/enrollments").then()
                .statusCode(201).body("outcome", equalTo("enrolled")).body("trustStore", equalTo("tomcat-trust"))
                .body("steps.step", equalTo(List.of("profile", "csr", "sign", "trust", "identity", "restart")))
                .body("steps.outcome", everyItem(equalTo("done"))).extract();
        String serial = report.path("serial");
        sub.admin().get("/api/v1/identities/tomcat").then().statusCode(200).body("type", equalTo("CA-signed"))
                .body("issuer", containsString("ucfleet Lab Issuing CA (default)"));
        sub.admin().get("/api/v1/certificates?unit=tomcat-trust&commonName=ucfleet Lab").then().body("total", equalTo(2));
        var served = serve(o, sub, "served.pem");
        assertTrue(served.stdout().contains("Verify return code: 0 (ok)"), served.all());
        String servedSerial = o.openssl("x509", "-in", "served.pem", "-noout", "-serial").out().strip();
        assertEquals("serial=" + serial, servedSerial);

        // the served certificate's own AIA leads to lab-ca's responder
        String ocspUrl = o.openssl("x509", "-in", "served.pem", "-noout", "-ocsp_uri").out().strip();
        assertEquals(lab.url() + "/pki/default/ocsp", ocspUrl);
        var good = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "served.pem", "-url", ocspUrl, "-CAfile", "root.pem");
        assertTrue(good.stdout().contains("served.pem: good"), good.all());
        labAdmin().contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/authorities/default/certificates/" + serial + "/revocation").then().statusCode(200);
        var revoked = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "served.pem", "-url", ocspUrl, "-CAfile", "root.pem");
        assertTrue(revoked.stdout().contains("served.pem: revoked"), revoked.all());
        assertTrue(revoked.stdout().contains("Reason: superseded"), revoked.all());

        // the cluster variant: each node to its end, an unreachable one reported, not fatal
        String dead = "https://127.0.0.1:" + ServiceProcess.freePort();
        labAdmin().contentType("application/json")
                .body(Map.of("nodes", List.of(sub.url(), cuc.url(), dead), "unit", "tomcat", "profile", "public-ca"))
                .post("/api/v1/enrollments/cluster").then().statusCode(200).body("outcome", equalTo("partial"))
                .body("enrolled", equalTo(2)).body("failed", equalTo(1))
                .body("nodes.outcome", equalTo(List.of("enrolled", "enrolled", "failed")))
                .body("nodes[1].servicesToRestart", hasItem("Cisco Tomcat"))
                .body("nodes[2].steps[0].outcome", equalTo("failed"))
                .body("nodes[2].steps[0].detail", containsString("cannot reach"))
                .body("nodes[2].steps[1].outcome", equalTo("skipped"));
        cuc.admin().get("/api/v1/identities/tomcat").then().body("type", equalTo("CA-signed"))
                .body("extendedKeyUsage", hasItem(containsString("serverAuth")));
    }

    @Test
    void aFailedEnrollmentSaysWhichStepAndChangesNothingOnTheNode() {
        String before = cuc.admin().get("/api/v1/identities").asString();
        labAdmin().contentType("application/json").body(Map.of("node", cuc.url(), "unit", "CallManager"))
                .post("/api/v1/enrollments").then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:enrollment-failed"))
                .body("steps[0].step", equalTo("profile")).body("steps[0].outcome", equalTo("failed"))
                .body("steps[0].detail", containsString("no unit \"CallManager\""))
                .body("steps[1].outcome", equalTo("skipped"));
        labAdmin().contentType("application/json")
                .body(Map.of("node", cuc.url(), "unit", "tomcat", "username", "administrator", "password", "wrong"))
                .post("/api/v1/enrollments").then().statusCode(502).body("steps[0].status", equalTo(401))
                .body("steps[0].problemType", equalTo("urn:ucfleet:problem:unauthorized"));
        labAdmin().contentType("application/json").body(Map.of("node", "ftp://x", "unit", "tomcat"))
                .post("/api/v1/enrollments").then().statusCode(400).body("type", equalTo("urn:ucfleet:problem:invalid-request"));
        assertEquals(before, cuc.admin().get("/api/v1/identities").asString());
    }

    @Test
    void zRestartKeepsTheHierarchyAndAWrongKeyEncryptionKeyFailsTheBoot() {
        String root = labAdmin().get("/api/v1/authorities/default").then().statusCode(200).extract().path("root.sha256");
        String log = lab.logText();
        assertFalse(log.contains("PRIVATE KEY"), "a key in the log");
        assertFalse(log.contains(NODE_PASSWORD), "the node password in the log");
        lab.stop();
        ServiceProcess wrong = labCa(kek());
        wrong.start();
        assertTrue(wrong.awaitExit(Duration.ofSeconds(120)), "a wrong key-encryption key must fail the boot");
        assertTrue(wrong.logText().contains("wrong key-encryption key"), wrong.logTail());
        wrong.stop();
        lab.start().awaitReady(Duration.ofSeconds(120));
        labAdmin().get("/api/v1/authorities/default").then().statusCode(200).body("root.sha256", equalTo(root));
    }

    /** What a TLS client trusting only the lab root makes of the node's HTTPS; the served leaf is written to {@code file}. */
    static Openssl.Result serve(Openssl o, Node node, String file) {
        var session = o.run(List.of("sh", "-c", "openssl s_client -connect 127.0.0.1:" + node.https() + " -servername "
                + node.fqdn() + " -verify_hostname " + node.fqdn() + " -CAfile root.pem -verify_return_error </dev/null"));
        String out = session.stdout();
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----");
        if (begin >= 0 && end > begin) {
            o.write(file, out.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n");
        }
        return session;
    }
}
