package io.ucfleet.node.authz;

import static io.ucfleet.node.testing.Api.anonymous;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Api;

/** The AUTHZ API on the test node, which is a publisher (shared boot, no members configured). */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class AuthzResourceTest {
    static RequestSpecification asCluster() {
        return Api.anonymous().auth().preemptive().basic("cluster", "cluster-password");
    }

    static JsonPath token() {
        return asAdmin().contentType("application/json").body("{\"subject\": \"alice\", \"lifetimeSeconds\": 600}")
                .post("/api/v1/authz/token").then().statusCode(200).extract().jsonPath();
    }

    static void assertProblem(ValidatableResponse response, int status, String slug) {
        response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug)).body("status", equalTo(status));
    }

    static boolean active(String token) {
        return asReadOnly().contentType("application/json").body(Map.of("token", token))
                .post("/api/v1/authz/introspect").then().statusCode(200).extract().jsonPath().getBoolean("active");
    }

    @Test
    void regeneratingAKeyEndsTheTokensMadeWithTheOldOne() {
        JsonPath before = asReadOnly().get("/api/v1/authz/keys").then().statusCode(200)
                .body("role", equalTo("publisher"))
                .body("signing.algorithm", equalTo("RSA")).body("signing.keySize", equalTo(2048))
                .body("signing.privateKeyHeld", equalTo(true))
                .body("signing.keyId", matchesPattern("[0-9a-f]{20}"))
                .body("encryption.algorithm", equalTo("AES")).body("encryption.keySize", equalTo(256))
                .extract().jsonPath();
        String body = asReadOnly().get("/api/v1/authz/keys").asString();
        assertFalse(body.contains("PRIVATE") || body.contains("sealed"), body);

        JsonPath issued = token();
        assertEquals("Bearer", issued.getString("tokenType"));
        assertEquals(before.getString("signing.keyId"), issued.getString("signingKeyId"));
        String access = issued.getString("accessToken");
        String refresh = issued.getString("refreshToken");
        asReadOnly().contentType("application/json").body(Map.of("token", access)).post("/api/v1/authz/introspect").then()
                .statusCode(200).body("active", equalTo(true)).body("tokenUse", equalTo("access"))
                .body("sub", equalTo("alice")).body("iss", equalTo("cucm-pub.ucfleet.test"));
        asCluster().contentType("application/json").body(Map.of("token", refresh)).post("/api/v1/authz/introspect").then()
                .statusCode(200).body("active", equalTo(true)).body("tokenUse", equalTo("refresh"));

        JsonPath regenerated = asAdmin().post("/api/v1/authz/keys/signing/regenerate").then().statusCode(200)
                .body("purpose", equalTo("signing")).body("servicesToRestart", hasItem("cisco-callmanager"))
                .extract().jsonPath();
        assertNotEquals(before.getString("signing.keyId"), regenerated.getString("keyId"));
        assertEquals(before.getLong("signing.version") + 1, regenerated.getLong("version"));
        assertFalse(active(access), "old access token after signing regeneration");
        assertTrue(active(refresh), "the encryption key did not change");
        assertTrue(active(token().getString("accessToken")), "new tokens work");

        asAdmin().post("/api/v1/authz/keys/encryption/regenerate").then().statusCode(200);
        assertFalse(active(refresh), "old refresh token after encryption regeneration");
        // Seed 002: restart Cisco CallManager on all nodes after the keys are reassigned.
        asAdmin().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-callmanager' }.restartRequired", equalTo(true));
        asAdmin().post("/api/v1/services/cisco-callmanager/restart").then().statusCode(200);
    }

    @Test
    void theDistributionIsForTheClusterAccountAndCarriesNoPrivateKey() {
        asAdmin().get("/api/v1/authz/keys/distribution").then().statusCode(403);
        asReadOnly().get("/api/v1/authz/keys/distribution").then().statusCode(403);
        anonymous().get("/api/v1/authz/keys/distribution").then().statusCode(401);
        String text = asCluster().get("/api/v1/authz/keys/distribution").then().statusCode(200).extract().asString();
        JsonPath copy = new JsonPath(text);
        JsonPath keys = asReadOnly().get("/api/v1/authz/keys").then().extract().jsonPath();
        assertEquals(keys.getString("signing.keyId"), copy.getString("signing.keyId"));
        assertEquals(keys.getString("signing.publicKeyPem").replaceAll("-----[A-Z ]+-----|\\s", ""),
                copy.getString("signing.publicKey"));
        assertEquals(keys.getString("encryption.keyId"), copy.getString("encryption.keyId"));
        assertEquals(Map.of("keyId", 0, "version", 0, "generatedAt", 0, "publicKey", 0).keySet(),
                copy.getMap("signing").keySet(), "public material only");

        // The publisher is the source: the same copy is current, a different one refused.
        asCluster().contentType("application/json").body(text).put("/api/v1/authz/keys/distribution").then()
                .statusCode(200).body("signing", equalTo("CURRENT")).body("encryption", equalTo("CURRENT"));
        String newer = text.replace("\"version\":" + copy.getLong("signing.version") + ",",
                "\"version\":" + (copy.getLong("signing.version") + 5) + ",");
        assertProblem(asCluster().contentType("application/json").body(newer).put("/api/v1/authz/keys/distribution").then(),
                409, "authz-publisher-only");
        assertProblem(asCluster().contentType("application/json").body("{\"signing\": null}")
                .put("/api/v1/authz/keys/distribution").then(), 400, "invalid-authz-distribution");
        asAdmin().contentType("application/json").body(text).put("/api/v1/authz/keys/distribution").then().statusCode(403);
    }

    @Test
    void refusesWhatItShould() {
        assertProblem(asAdmin().post("/api/v1/authz/keys/sigining/regenerate").then(), 404, "unknown-authz-key");
        asReadOnly().post("/api/v1/authz/keys/signing/regenerate").then().statusCode(403);
        anonymous().post("/api/v1/authz/keys/signing/regenerate").then().statusCode(401);
        anonymous().contentType("application/json").body(Map.of("token", "x")).post("/api/v1/authz/introspect").then()
                .statusCode(401);
        asReadOnly().contentType("application/json").body("{}").post("/api/v1/authz/token").then().statusCode(403);
        assertProblem(asAdmin().contentType("application/json").body("{\"lifetimeSeconds\": 0}")
                .post("/api/v1/authz/token").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("{\"subjet\": \"x\"}")
                .post("/api/v1/authz/token").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("{}")
                .post("/api/v1/authz/introspect").then(), 400, "invalid-request");
        assertFalse(active("eyJhbGciOiJub25lIn0.e30."));
    }
}
