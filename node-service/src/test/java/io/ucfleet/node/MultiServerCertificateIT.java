package io.ucfleet.node;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SeedCa;
import io.ucfleet.fleet.process.ServiceProcess;

/**
 * A multi-server tomcat certificate on a two-node cluster of packaged jars (publisher and
 * subscriber, each with its own embedded PostgreSQL and key-encryption key): one CSR on the
 * publisher naming both nodes, signed by {@code openssl ca}, uploaded once; the subscriber
 * receives it and the key from the publisher over the cluster account, and after Cisco Tomcat
 * restarts {@code openssl s_client} trusting only the root verifies each node by its FQDN.
 * The key crosses only sealed: neither log prints a key, and admins cannot call the peer paths.
 */
class MultiServerCertificateIT {
    private final List<ServiceProcess> processes = new ArrayList<>();

    record Node(ServiceProcess process, String fqdn, int https) {
        int http() {
            return process.httpPort();
        }

        RequestSpecification admin() {
            return api().auth().preemptive().basic("administrator", NodeProcess.ADMIN_PASSWORD);
        }

        /** The node's API: HTTPS only; its self-signed tomcat is judged by openssl below, not here. */
        RequestSpecification api() {
            return given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation();
        }
    }

    @AfterEach
    void stop() {
        processes.parallelStream().forEach(ServiceProcess::stop);
    }

    @Test
    void oneUploadInstallsTheMultiServerCertificateAndItsKeyOnBothNodes() throws Exception {
        int[] ports = ServiceProcess.freePorts(4);
        String members = "https://127.0.0.1:" + ports[1] + ",https://127.0.0.1:" + ports[3];
        Node pub = start("cucm-a", "publisher", ports[0], ports[1], members);
        Node sub = start("cucm-b", "subscriber", ports[2], ports[3], members);
        pub.process().awaitReady(Duration.ofSeconds(180));
        sub.process().awaitReady(Duration.ofSeconds(180));
        // The tomcat exchange cluster-sync would make (seed 002): each node trusts a peer by its
        // tomcat-trust, so without it the key transfer is "unable to connect to Remote Node".
        for (Node[] pair : new Node[][] {{pub, sub}, {sub, pub}}) {
            String tomcat = pair[0].admin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().path("pem");
            pair[1].admin().contentType("application/x-pem-file").body(tomcat.getBytes())
                    .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
        }

        String csr = pub.admin().contentType("application/json").body("{\"distribution\": \"multi-server\"}")
                .post("/api/v1/identities/tomcat/csr").then().statusCode(201).extract().path("csr.pem");
        String request = Openssl.withInput(csr, "req", "-verify", "-text", "-noout").out();
        assertTrue(request.contains("DNS:cucm-a-ms.ucfleet.test, DNS:cucm-a.ucfleet.test, DNS:cucm-b.ucfleet.test"), request);

        SeedCa root = SeedCa.root("ucfleet multi-server root");
        String leaf = root.signPem(csr);
        restartTomcat(pub);
        restartTomcat(sub);
        assertNotEquals(0, verify(pub, root).exitCode());
        assertNotEquals(0, verify(sub, root).exitCode());

        // Refused by the subscriber (its tomcat-trust lacks the root, and the upload does not carry it):
        // 502 naming it, and nothing changes on either node; the CSR stays pending for the retry.
        pub.admin().contentType("application/x-pem-file").body(root.pem().getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
        String pubBefore = pub.admin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        String subBefore = sub.admin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        String subTrustBefore = sub.admin().get("/api/v1/trust-stores").asString();
        pub.admin().contentType("application/x-pem-file").body(leaf.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(502)
                .body("type", equalTo("urn:ucfleet:problem:peer-unavailable"))
                .body("member", equalTo("https://127.0.0.1:" + sub.https()))
                .body("memberProblem", equalTo("urn:ucfleet:problem:issuer-chain-missing"));
        pub.admin().get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(pubBefore));
        sub.admin().get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(subBefore));
        assertEquals(subTrustBefore, sub.admin().get("/api/v1/trust-stores").asString());
        pub.admin().get("/api/v1/identities/tomcat/csr").then().statusCode(200);

        pub.admin().contentType("application/x-pem-file").body((leaf + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("nodes.fqdn", equalTo(List.of("cucm-a.ucfleet.test", "cucm-b.ucfleet.test")))
                .body("nodes.outcome", equalTo(List.of("installed", "installed")));
        String onPub = pub.admin().get("/api/v1/identities/tomcat").then().body("type", equalTo("CA-signed"))
                .extract().path("fingerprints.sha256");
        sub.admin().get("/api/v1/identities/tomcat").then().body("type", equalTo("CA-signed"))
                .body("fingerprints.sha256", equalTo(onPub));
        sub.admin().get("/api/v1/certificates?unit=tomcat-trust&commonName=ucfleet multi-server root").then()
                .body("total", equalTo(1));
        sub.admin().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(true));

        restartTomcat(pub);
        restartTomcat(sub);
        for (Node node : List.of(pub, sub)) {
            var verified = verify(node, root);
            assertEquals(0, verified.exitCode(), node.fqdn() + ": " + verified.stdout() + verified.stderr());
        }

        // The peer paths are for the cluster account only; nobody can fetch a key.
        pub.admin().post("/api/v1/peer/key-transfers").then().statusCode(403);
        sub.api().auth().preemptive().basic("cluster", "wrong").post("/api/v1/peer/key-transfers").then().statusCode(401);
        pub.admin().get("/api/v1/identities/tomcat/csr").then().statusCode(404);
        for (Node node : List.of(pub, sub)) {
            String log = Files.readString(node.process().log());
            assertFalse(log.contains("PRIVATE KEY"), node.fqdn());
            assertTrue(log.contains("CA-signed"), log);
        }
        sub.admin().get("/api/v1/node").then().body("role", equalTo("subscriber"));
        pub.admin().get("/api/v1/profiles").then().body("unit", hasItem("tomcat"));
    }

    private Node start(String name, String role, int http, int https, String members) throws IOException {
        ServiceProcess process = NodeProcess.node(name, role, Files.createTempDirectory("ucfleet-ms-it"),
                Path.of("target", "quarkus-app", "quarkus-run.jar")).httpPort(http).property("quarkus.http.ssl-port", https)
                .env("UCFLEET_CLUSTER_MEMBERS", members).env("UCFLEET_CLUSTER_USERNAME", "cluster")
                .env("UCFLEET_CLUSTER_PASSWORD", NodeProcess.CLUSTER_PASSWORD).build();
        processes.add(process);
        process.start();
        return new Node(process, name + ".ucfleet.test", https);
    }

    private static void restartTomcat(Node node) {
        node.admin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    private static Openssl.Result verify(Node node, SeedCa root) {
        return Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + node.https(), "-servername", node.fqdn(),
                "-CAfile", root.certificate().toString(), "-verify_hostname", node.fqdn(), "-verify_return_error");
    }
}
