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
    /** The node\'s HTTPS port: its API is HTTPS only. */
    private static int https;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void theJarRunsAnImAndPresenceNodeOnEmbeddedPostgresAndKeepsItsStateAcrossRestarts() throws Exception {
        int[] ports = ServiceProcess.freePorts(3);
        https = ports[0];
        int xmpp = ports[1];
        int xmppS2s = ports[2];
        // one launch, so the restart has the same ports and key-encryption key
        node = NodeProcess.node("imp-1", "im-and-presence", Files.createTempDirectory("ucfleet-it"), JAR)
                .property("quarkus.http.ssl-port", https).property("ucfleet.node.xmpp.host", "127.0.0.1")
                .property("ucfleet.node.xmpp.port", xmpp).property("ucfleet.node.xmpp.server-port", xmppS2s)
                .property("ucfleet.node.xmpp.negotiation-timeout", "3S").build();

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
        String cupXmppS2s = api.get("/api/v1/identities/cup-xmpp-s2s").then().extract().path("fingerprints.sha256");
        xmppPresentsItsIdentitiesUntilCiscoXcpRouterRestarts(api, xmpp, xmppS2s, cupXmpp, cupXmppS2s);
        cupXmpp = api.get("/api/v1/identities/cup-xmpp").then().extract().path("fingerprints.sha256");
        securitySettingsPutTheXmppDomainInTheXmppCertificates();

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
        assertEquals(cupXmpp, servedSha256(xmpp, "-starttls", "xmpp", "-xmpphost", "ucfleet.test"));

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

    /**
     * Seed 001: clients judge cup-xmpp, reached by XMPP STARTTLS for the XMPP domain (here the
     * node's DNS domain); federated servers cup-xmpp-s2s. OpenSSL's STARTTLS is the client.
     */
    private void xmppPresentsItsIdentitiesUntilCiscoXcpRouterRestarts(RequestSpecification api, int xmpp, int xmppS2s,
            String cupXmpp, String cupXmppS2s) throws Exception {
        api.get("/api/v1/node").then().body("xmpp.domain", equalTo("ucfleet.test"))
                .body("xmpp.ports.port", equalTo(List.of(xmpp, xmppS2s)))
                .body("xmpp.ports.unit", equalTo(List.of("cup-xmpp", "cup-xmpp-s2s")))
                .body("xmpp.ports.sha256", equalTo(List.of(cupXmpp, cupXmppS2s)));
        assertEquals(cupXmpp, servedSha256(xmpp, "-starttls", "xmpp", "-xmpphost", "ucfleet.test"));
        assertEquals(cupXmppS2s, servedSha256(xmppS2s, "-starttls", "xmpp-server", "-xmpphost", "ucfleet.test"));

        // another domain: the stream is refused before TLS (host-unknown), no certificate is shown
        Openssl.Result other = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + xmpp, "-starttls", "xmpp",
                "-xmpphost", "other.example.com");
        assertFalse(other.stdout().contains("-----BEGIN CERTIFICATE-----"), other.stdout());

        // a client that never gets to TLS is cut at the negotiation timeout (3 s here)
        long t0 = System.nanoTime();
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", xmpp)) {
            silent.setSoTimeout(15_000);
            assertEquals(-1, silent.getInputStream().read(), "the node closes a silent connection");
        }
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "closed within the negotiation timeout");

        // a regenerated cup-xmpp is presented only after Cisco XCP Router restarts, which also reloads server-to-server
        String regenerated = api().contentType("application/json").body("{}").post("/api/v1/identities/cup-xmpp/regenerate")
                .then().statusCode(200).body("servicesToRestart", hasItems("Cisco XCP Router"))
                .extract().path("certificate.fingerprints.sha256");
        assertEquals(cupXmpp, servedSha256(xmpp, "-starttls", "xmpp", "-xmpphost", "ucfleet.test"));
        api().post("/api/v1/services/cisco-xcp-router/restart").then().statusCode(200);
        assertEquals(regenerated, servedSha256(xmpp, "-starttls", "xmpp", "-xmpphost", "ucfleet.test"));
        assertEquals(cupXmppS2s, servedSha256(xmppS2s, "-starttls", "xmpp-server", "-xmpphost", "ucfleet.test"));
    }

    /**
     * Seed 001, "Provide XMPP Domain to Clients": System > Security > Settings, the domain field and
     * "Use Domain Name for XMPP Certificate Subject Alternative Name"; then CSRs and regenerated XMPP
     * certificates carry the domain. CSRs may also name xmppAddr and SRVName otherNames. openssl judges.
     */
    private void securitySettingsPutTheXmppDomainInTheXmppCertificates() {
        api().get("/api/v1/security-settings").then().statusCode(200)
                .body("useDomainNameForXmppCertificateSan", equalTo(false))
                .body("xmppServerToServerSanDomain", org.hamcrest.Matchers.nullValue())
                .body("xmppDomain", equalTo("ucfleet.test"));
        for (String bad : List.of("{\"xmppServerToServerSanDomain\": \"*.example.com\", \"useDomainNameForXmppCertificateSan\": true}",
                "{\"useDomainNameForXmppCertificateSan\": \"yes\"}", "{\"domain\": \"example.com\"}", "null")) {
            api().contentType("application/json").body(bad).put("/api/v1/security-settings").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        RestAssured.given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().auth().preemptive().basic("administrator", "wrong")
                .contentType("application/json").body("{\"useDomainNameForXmppCertificateSan\": true}")
                .put("/api/v1/security-settings").then().statusCode(401);
        api().get("/api/v1/security-settings").then().body("useDomainNameForXmppCertificateSan", equalTo(false));

        api().contentType("application/json")
                .body("{\"useDomainNameForXmppCertificateSan\": true, \"xmppServerToServerSanDomain\": \"Example.com\"}")
                .put("/api/v1/security-settings").then().statusCode(200)
                .body("settings.xmppServerToServerSanDomain", equalTo("example.com"))
                .body("nextSteps[0]", org.hamcrest.Matchers.containsString("Regenerate cup-xmpp and cup-xmpp-s2s"));

        String csr = api().contentType("application/json")
                .body("{\"xmppAddrs\": [\"ucfleet.test\"], \"srvNames\": [\"_xmpp-client.ucfleet.test\"]}")
                .post("/api/v1/identities/cup-xmpp/csr").then().statusCode(201)
                .body("csr.subjectAlternativeNames", equalTo(List.of("imp-1.ucfleet.test", "ucfleet.test", "example.com",
                        "othername: XmppAddr::ucfleet.test", "othername: SRVName::_xmpp-client.ucfleet.test")))
                .extract().path("csr.pem");
        String text = Openssl.withInput(csr, "req", "-verify", "-noout", "-text").out();
        assertTrue(text.contains("DNS:imp-1.ucfleet.test, DNS:ucfleet.test, DNS:example.com, othername: XmppAddr::ucfleet.test,"
                + " othername: SRVName::_xmpp-client.ucfleet.test"), text);
        api().contentType("application/json").body("{\"srvNames\": [\"xmpp-client.ucfleet.test\"]}")
                .post("/api/v1/identities/cup-xmpp-s2s/csr").then().statusCode(400).body("errors.code", hasItems("srv-name-syntax"));

        String pem = api().contentType("application/json").body("{}").post("/api/v1/identities/cup-xmpp-s2s-ECDSA/regenerate")
                .then().statusCode(200).extract().path("certificate.pem");
        String san = Openssl.withInput(pem, "x509", "-noout", "-ext", "subjectAltName").out();
        assertTrue(san.contains("DNS:imp-1-EC.ucfleet.test") || san.contains("DNS:imp-1.ucfleet.test"), san);
        assertTrue(san.contains("DNS:ucfleet.test, DNS:example.com"), san);
        // tomcat is not an XMPP certificate: the settings do not reach it
        String tomcatCsr = api().contentType("application/json").body("{}").post("/api/v1/identities/tomcat/csr").then()
                .statusCode(201).extract().path("csr.pem");
        assertFalse(Openssl.withInput(tomcatCsr, "req", "-noout", "-text").out().contains("DNS:example.com"));
        api().delete("/api/v1/identities/tomcat/csr").then().statusCode(204);
        api().delete("/api/v1/identities/cup-xmpp/csr").then().statusCode(204);
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().auth().preemptive().basic("administrator", NodeProcess.ADMIN_PASSWORD);
    }

    /** What the HTTPS port presents; a few tries, as a loaded machine may be slow to accept right after the restart. */
    private static String servedSha256(int port, String... options) throws InterruptedException {
        Openssl.Result served = null;
        java.util.List<String> command = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "imp-1.ucfleet.test"));
        command.addAll(List.of(options));
        for (int i = 0; i < 20; i++) {
            served = Openssl.withInput("", command.toArray(String[]::new));
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
