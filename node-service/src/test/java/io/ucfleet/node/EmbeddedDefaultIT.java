package io.ucfleet.node;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.fleet.process.ServiceProcess;

/**
 * The packaged jar as a user runs it: no database configured, so it starts embedded
 * PostgreSQL under its data directory; as an IM and Presence node; restarted on the same data
 * directory it keeps its certificates; its log never prints a private key.
 */
class EmbeddedDefaultIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private ServiceProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void theJarRunsAnImAndPresenceNodeOnEmbeddedPostgresAndKeepsItsStateAcrossRestarts() throws Exception {
        int https = ServiceProcess.freePort();
        // one launch, so the restart has the same ports and key-encryption key
        node = NodeProcess.node("imp-1", "im-and-presence", Files.createTempDirectory("ucfleet-it"), JAR)
                .property("quarkus.http.ssl-port", https).build();

        node.start().awaitReady(Duration.ofSeconds(120));
        var api = api();
        api.get("/api/v1/node").then().statusCode(200).body("role", equalTo("im-and-presence"));
        api.get("/api/v1/certificates?usage=identity").then().statusCode(200)
                .body("total", equalTo(9))
                .body("items.unit", hasItems("tomcat", "tomcat-ECDSA", "cup", "cup-ECDSA", "cup-xmpp", "cup-xmpp-ECDSA",
                        "cup-xmpp-s2s", "cup-xmpp-s2s-ECDSA", "ipsec"));
        api.get("/api/v1/trust-stores").then().body("name", equalTo(List.of("tomcat-trust", "ipsec-trust", "cup-trust",
                "cup-xmpp-trust")));
        for (var profile : io.ucfleet.node.profile.NodeRole.IM_AND_PRESENCE.identities) {
            String pem = api.get("/api/v1/identities/" + profile.unit).then().statusCode(200).extract().path("pem");
            io.ucfleet.node.testing.IdentityJudge.assertFirstStartIdentity(pem, profile, "imp-1.ucfleet.test");
        }
        String tomcat = api.get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        String cupXmpp = api.get("/api/v1/identities/cup-xmpp").then().extract().path("fingerprints.sha256");
        assertEquals(tomcat, servedSha256(https));

        // Seed 003: after the Exchange root goes into cup-trust, "restart the Presence Engine first followed by the Proxy".
        api().contentType("application/x-pem-file").body(io.ucfleet.node.testing.OpensslCa.root("ucfleet exchange root").pem()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/cup-trust/certificates").then().statusCode(201);
        api().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-presence-engine' }.restartRequired", equalTo(true))
                .body("find { it.id == 'cisco-sip-proxy' }.restartRequired", equalTo(true))
                .body("find { it.id == 'cisco-presence-engine' }.restartReasons[0]",
                        equalTo("cup-trust changed (restart Cisco Presence Engine first, then Cisco SIP Proxy)"))
                .body("find { it.id == 'cisco-xcp-router' }.restartRequired", equalTo(false));

        node.stop();
        node.start().awaitReady(Duration.ofSeconds(120));
        var again = api();
        again.get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(tomcat));
        again.get("/api/v1/identities/cup-xmpp").then().body("fingerprints.sha256", equalTo(cupXmpp));
        assertEquals(tomcat, servedSha256(https));

        String logText = Files.readString(node.log());
        assertTrue(logText.contains("embedded PostgreSQL"), logText);
        assertFalse(logText.contains("PRIVATE KEY"));
    }

    @Test
    void aWrongKeyEncryptionKeyFailsTheBootClearly() throws Exception {
        node = NodeProcess.node("imp-1", "im-and-presence", Files.createTempDirectory("ucfleet-it"), JAR)
                .property("quarkus.http.ssl-port", ServiceProcess.freePort())
                .env("UCFLEET_NODE_KEY_ENCRYPTION_KEY", "dG9vIHNob3J0").build();
        node.start();
        assertTrue(node.awaitExit(Duration.ofSeconds(90)), "the node should stop on a bad key-encryption key");
        String output = node.logText();
        assertTrue(output.contains("must be 32 bytes"), output);
    }

    private RequestSpecification api() {
        return RestAssured.given().port(node.httpPort()).auth().preemptive().basic("administrator", NodeProcess.ADMIN_PASSWORD);
    }

    /** What the HTTPS port presents; a few tries, as a loaded machine may be slow to accept right after the restart. */
    private static String servedSha256(int port) throws InterruptedException {
        Openssl.Result served = null;
        for (int i = 0; i < 20; i++) {
            served = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "imp-1.ucfleet.test");
            if (served.stdout().contains("-----END CERTIFICATE-----")) {
                break;
            }
            Thread.sleep(500);
        }
        String out = served.stdout();
        assertTrue(out.contains("-----END CERTIFICATE-----"), "no certificate on " + port + ": " + served.stderr());
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        String fp = Openssl.withInput(out.substring(begin, end) + "\n", "x509", "-noout", "-fingerprint", "-sha256").out();
        return fp.substring(fp.indexOf('=') + 1).trim().replace(":", "").toLowerCase(java.util.Locale.ROOT);
    }
}
