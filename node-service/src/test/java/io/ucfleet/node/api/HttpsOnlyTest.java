package io.ucfleet.node.api;

import static io.restassured.RestAssured.given;
import static io.ucfleet.node.api.TrustStoreUploadTest.upload;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.platform.testing.OverHttps;
import io.ucfleet.platform.problem.DomainProblem;

/**
 * The API on HTTPS only (Cisco Tomcat's 8080 to 8443): plain HTTP redirects every method to the
 * same path on HTTPS and does nothing, health and metrics stay on it; and a node calling a peer
 * trusts it by its own tomcat-trust (seed 002's "unable to connect to Remote Node" when the entry
 * is missing).
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(OverHttps.class)
class HttpsOnlyTest {
    @Inject
    ClusterMembers members;

    static RequestSpecification plain() {
        return given().baseUri("http://localhost").port(OverHttps.plainPort()).redirects().follow(false);
    }

    @Test
    void theApiOnPlainHttpIsRedirectedToTheSamePathOnHttps() {
        String https = "https://localhost:" + OverHttps.sslPort();
        for (String path : new String[] {"/api/v1/node", "/platformcom/api/v1/certmgr/config", "/cmplatform/login",
                "/ucfleet/v1/clock", "/q/openapi"}) {
            plain().auth().preemptive().basic(Api.ADMIN, Api.ADMIN_PASSWORD).get(path + "?a=1").then().statusCode(302)
                    .header("Location", https + path + "?a=1").contentType("application/problem+json")
                    .body("type", equalTo("urn:ucfleet:problem:https-required")).body("location", equalTo(https + path + "?a=1"));
        }
        // without credentials too: the redirect comes before any authentication
        plain().get("/api/v1/certificates").then().statusCode(302).header("Location", https + "/api/v1/certificates");
    }

    @Test
    void aPostOnPlainHttpWithValidAdminCredentialsChangesNothing() {
        OpensslCa root = OpensslCa.root("Plain HTTP Root");
        plain().auth().preemptive().basic(Api.ADMIN, Api.ADMIN_PASSWORD).contentType("application/x-pem-file")
                .body(root.pem().getBytes()).post("/api/v1/trust-stores/Phone-CTL-trust/certificates").then().statusCode(302)
                .header("Location", containsString("/api/v1/trust-stores/Phone-CTL-trust/certificates"));
        asAdmin().get("/api/v1/certificates/Phone-CTL-trust/" + root.sha256()).then().statusCode(404);
        String sha256 = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        plain().auth().preemptive().basic(Api.ADMIN, Api.ADMIN_PASSWORD).post("/api/v1/identities/tomcat/regenerate")
                .then().statusCode(302);
        asAdmin().get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(sha256));
    }

    /** HTTP/1.1 only, as Cisco Tomcat: curl offering HTTP/2 by ALPN gets 1.1 on HTTPS, and no h2c upgrade on HTTP. */
    @Test
    void httpsSpeaksHttp11Only() throws Exception {
        for (String url : List.of("https://localhost:" + OverHttps.sslPort() + "/q/health/live",
                "http://localhost:" + OverHttps.plainPort() + "/q/health/live")) {
            Process curl = new ProcessBuilder("curl", "-sk", "--http2", "-o", "/dev/null", "-w", "%{http_version}", url)
                    .redirectErrorStream(true).start();
            String version = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), version);
            assertEquals("1.1", version, url);
        }
    }

    @Test
    void healthAndMetricsStayOnPlainHttp() {
        plain().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        plain().get("/q/health/live").then().statusCode(200);
        plain().get("/q/metrics").then().statusCode(200).body(not(containsString("https-required")));
        // and on HTTPS
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aPeerIsTrustedByThisNodesTomcatTrustAndAMissingEntryIsSeed002sError() throws Exception {
        // The node calls itself as a peer would. What it presents on HTTPS is its tomcat as Cisco
        // Tomcat last loaded it (an earlier test may have installed one that waits for a restart):
        // that certificate is the entry a peer's tomcat-trust must hold.
        String self = "https://127.0.0.1:" + OverHttps.sslPort();
        java.security.cert.X509Certificate presented = presented(OverHttps.sslPort());
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(presented.getEncoded()));
        String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(presented.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String entry = "/api/v1/certificates/tomcat-trust/" + sha256;
        boolean held = asAdmin().get(entry).statusCode() == 200;
        if (!held) {
            upload("tomcat-trust", pem);
            asAdmin().get(entry).then().statusCode(200);
        }
        String fqdn = asAdmin().get("/api/v1/node").then().extract().path("fqdn");
        try {
            assertEquals(fqdn, members.call("GET", self, "/api/v1/node", null).path("fqdn").asText());

            asAdmin().delete(entry + "?confirm=true").then().statusCode(200);
            DomainProblem refused = assertThrows(DomainProblem.class, () -> members.call("GET", self, "/api/v1/node", null));
            assertTrue(refused.getMessage().startsWith(ClusterMembers.REMOTE_NODE_ERROR), refused.getMessage());
            assertTrue(refused.getMessage().contains("tomcat-trust"), refused.getMessage());
            assertEquals(502, refused.type().status);

            upload("tomcat-trust", pem).statusCode(201);
            asAdmin().get(entry).then().statusCode(200);
            assertEquals(fqdn, members.call("GET", self, "/api/v1/node", null).path("fqdn").asText());
        } finally {
            if (!held) {
                asAdmin().delete(entry + "?confirm=true");
            } else if (asAdmin().get(entry).statusCode() != 200) {
                upload("tomcat-trust", pem);
            }
        }
    }

    /** The certificate a TLS server on this host presents, unverified. */
    static java.security.cert.X509Certificate presented(int port) throws Exception {
        javax.net.ssl.SSLContext tls = io.ucfleet.platform.tls.UnverifiedTls.context("HttpsOnlyTest");
        try (var socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
