package io.ucfleet.node.api;

import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.testing.Api.anonymous;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Authentication, roles, RFC 9457 problems, and that no answer ever carries a private key. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class SecurityAndProblemsTest {

    @Test
    void everyApiReadNeedsCredentials() {
        for (String path : List.of("/api/v1/certificates", "/api/v1/identities", "/api/v1/trust-stores",
                "/api/v1/services", "/api/v1/node", "/api/v1/profiles")) {
            assertProblem(anonymous().get(path).then(), 401, "unauthorized");
            anonymous().get(path).then().header("WWW-Authenticate", containsString("Basic realm=\"ucfleet\""));
        }
        assertProblem(given().auth().preemptive().basic("admin", "wrong").get("/api/v1/node").then(), 401, "unauthorized");
        assertProblem(given().auth().preemptive().basic("nobody", "x").get("/api/v1/node").then(), 401, "unauthorized");
    }

    @Test
    void healthAndMetricsAreOpen() {
        anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        anonymous().get("/q/health/live").then().statusCode(200);
        anonymous().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void readOnlyAccountsReadButNeverChange() {
        asReadOnly().get("/api/v1/node").then().statusCode(200).body("role", equalTo("publisher"))
                .body("fqdn", equalTo("cucm-pub.ucfleet.test"));
        assertProblem(asReadOnly().post("/api/v1/services/cisco-tomcat/restart").then(), 403, "forbidden");
    }

    @Test
    void noAnswerCarriesAPrivateKey() {
        StringBuilder everything = new StringBuilder();
        for (String path : List.of("/api/v1/certificates?size=1000", "/api/v1/identities", "/api/v1/node",
                "/api/v1/profiles", "/api/v1/services", "/q/openapi")) {
            everything.append(asAdmin().get(path).then().statusCode(200).extract().asString());
        }
        List<String> units = asAdmin().get("/api/v1/identities").then().extract().path("unit");
        for (String unit : units) {
            String sha = asAdmin().get("/api/v1/identities/" + unit).then().extract().path("fingerprints.sha256");
            everything.append(asAdmin().get("/api/v1/certificates/" + unit + "/" + sha + "/pem").asString());
        }
        assertFalse(everything.toString().contains("PRIVATE KEY"));

        // The HTTPS key file is encrypted; its clear key (decrypted here with the KEK) appears in no answer.
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        var keyFile = config.getValue("ucfleet.node.data-dir", java.nio.file.Path.class).resolve("tls/web.key");
        String stored = read(keyFile);
        org.junit.jupiter.api.Assertions.assertTrue(stored.contains("BEGIN ENCRYPTED PRIVATE KEY"), stored.lines().findFirst().orElse(""));
        String clear = io.ucfleet.node.testing.Openssl.run("pkey", "-in", keyFile.toString(), "-passin",
                "pass:" + config.getValue("ucfleet.node.key-encryption-key", String.class));
        String keyBody = clear.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        for (int i = 0; i + 32 <= keyBody.length(); i += 32) {
            assertFalse(everything.toString().replace("\n", "").contains(keyBody.substring(i, i + 32)));
        }
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        assertProblem(asAdmin().get("/api/v1/nothing-here").then(), 404, "not-found");
        asAdmin().put("/api/v1/certificates").then().statusCode(405).contentType(startsWith("application/problem+json"));
        assertProblem(asAdmin().get("/api/v1/certificates/tomcat-trust/00ff").then(), 404, "certificate-not-found");
        assertProblem(asAdmin().get("/api/v1/certificates/no-unit/00ff").then(), 404, "unknown-unit");
        asAdmin().get("/api/v1/nothing-here").then().body("instance", startsWith("urn:uuid:"))
                .body("title", equalTo("No such resource"));
    }

    @Test
    void aFingerprintOrStoreWithANulIsNotFoundNeverAnError() {
        long before = asAdmin().get("/api/v1/certificates").then().extract().jsonPath().getLong("total");
        for (String suffix : List.of("", "/pem", "/der", "/issued")) {
            assertProblem(asAdmin().urlEncodingEnabled(false).get("/api/v1/certificates/tomcat-trust/%00" + suffix).then(),
                    404, "certificate-not-found");
        }
        assertProblem(asAdmin().urlEncodingEnabled(false).delete("/api/v1/certificates/tomcat-trust/%00?confirm=true")
                .then(), 404, "certificate-not-found");
        assertProblem(asCluster().urlEncodingEnabled(false).get("/api/v1/replication/certificates/%00/%00").then(), 404,
                "certificate-not-found");
        assertEquals(before, asAdmin().get("/api/v1/certificates").then().extract().jsonPath().getLong("total"));
    }

    @Test
    void aBrokenJsonBodyIsNamedWhereItBreaks() {
        String path = "/api/v1/identities/ipsec/regenerate";
        String before = asAdmin().get("/api/v1/identities/ipsec").then().extract().path("fingerprints.sha256");
        assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": ").post(path).then()
                .body("detail", startsWith("The request body is not valid JSON (line 1, column ")), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": 99999999999999999999}").post(path)
                .then().body("detail", startsWith("Field \"keySize\"")), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("[]").post(path).then()
                .body("detail", equalTo("The request body must be a JSON object.")), 400, "invalid-request");
        assertProblem(asCluster().contentType("application/json").body("{}").post("/api/v1/replication/changes").then()
                .body("detail", equalTo("The request body must be a JSON array.")), 400, "invalid-request");
        assertEquals(before, asAdmin().get("/api/v1/identities/ipsec").then().extract().path("fingerprints.sha256"));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsABadRequestNotAMissingPath() {
        assertProblem(asCluster().get("/api/v1/replication/changes?after=abc").then()
                .body("detail", containsString("\"abc\"")), 400, "invalid-request");
        assertProblem(asCluster().get("/api/v1/replication/changes?limit=99999999999").then(), 400, "invalid-request");
    }

    @Test
    void aForbiddenAnswerDoesNotCallEveryAccountReadOnly() {
        assertProblem(asCluster().contentType("application/json").body("{}")
                .post("/api/v1/identities/ipsec/regenerate").then()
                .body("detail", org.hamcrest.Matchers.not(containsString("read-only"))), 403, "forbidden");
    }

    private static io.restassured.specification.RequestSpecification asCluster() {
        return given().auth().preemptive().basic("cluster", "cluster-password");
    }

    @Test
    void theProfilesEndpointShowsTheKeyUsageTable() {
        asReadOnly().get("/api/v1/profiles").then().statusCode(200)
                .body("find { it.unit == 'CAPF' }.keyUsage", equalTo(List.of("digitalSignature", "keyCertSign")))
                .body("find { it.unit == 'CAPF' }.extendedKeyUsageOids", equalTo(List.of("1.3.6.1.5.5.7.3.1")))
                .body("find { it.unit == 'tomcat' }.servicesToRestart",
                        equalTo(List.of("Cisco Tomcat", "Cisco CallManager", "Cisco TFTP")));
    }
}
