package io.ucfleet.node.authz;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.ucfleet.node.testing.NodeProcess;

/**
 * Two real nodes, each its own jar and embedded PostgreSQL: a publisher and an IM and
 * Presence node. AUTHZ keys regenerated on the publisher reach the IM and Presence node at
 * once (push), old tokens are refused on both, and a node that was down during a regeneration
 * catches up when it starts again (pull).
 */
class AuthzPropagationIT {
    static final Duration BOOT = Duration.ofSeconds(150);
    NodeProcess pub;
    NodeProcess imp;

    @AfterEach
    void stop() throws Exception {
        if (imp != null) {
            imp.destroy();
        }
        if (pub != null) {
            pub.destroy();
        }
    }

    @Test
    void regeneratedKeysReachTheImAndPresenceNodeAndOldTokensAreRefusedEverywhere() throws Exception {
        pub = new NodeProcess("cucm-pub", "publisher");
        imp = new NodeProcess("cucm-imp", "im-and-presence");
        String members = pub.url() + "," + imp.url();
        pub.env("UCFLEET_CLUSTER_MEMBERS", members);
        imp.env("UCFLEET_CLUSTER_MEMBERS", members).property("ucfleet.authz.pull-delay", "1s")
                .property("ucfleet.authz.retry-interval", "1s");
        pub.start();
        imp.start();
        pub.awaitReady(BOOT);
        imp.awaitReady(BOOT);
        NodeProcess.exchangeTomcat(pub, imp); // the pull retries until the publisher is trusted

        // The IM and Presence node pulls the publisher's keys at start: the public signing key only.
        JsonPath pubKeys = keys(pub);
        awaitSameKeys(Duration.ofSeconds(30));
        imp.asAdmin().get("/api/v1/authz/keys").then().body("signing.privateKeyHeld", equalTo(false));

        JsonPath first = token();
        assertTrue(active(imp, first.getString("accessToken")));
        assertTrue(active(imp, first.getString("refreshToken")));
        // Keys are made and tokens issued on the publisher only.
        imp.asAdmin().post("/api/v1/authz/keys/signing/regenerate").then().statusCode(409)
                .body("type", equalTo("urn:ucfleet:problem:authz-publisher-only"));
        imp.asAdmin().contentType("application/json").body("{}").post("/api/v1/authz/token").then().statusCode(409);

        // set key regen authz signing: pushed to the IM and Presence node before the answer.
        JsonPath regenerated = pub.asAdmin().post("/api/v1/authz/keys/signing/regenerate").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, String>> deliveries = regenerated.getList("distribution");
        assertTrue(deliveries.contains(Map.of("member", imp.url(), "outcome", "delivered",
                "detail", "signing updated, encryption current")), deliveries.toString());
        assertFalse(active(imp, first.getString("accessToken")), "old access token on the IM and Presence node");
        assertFalse(active(pub, first.getString("accessToken")), "old access token on the publisher");
        assertTrue(active(imp, first.getString("refreshToken")), "the encryption key did not change");
        JsonPath second = token();
        assertTrue(active(imp, second.getString("accessToken")));
        assertEquals(regenerated.getString("keyId"), keys(imp).getString("signing.keyId"));

        // The IM and Presence node is down during set key regen authz encryption ...
        imp.stop();
        JsonPath whileDown = pub.asAdmin().post("/api/v1/authz/keys/encryption/regenerate").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("unreachable", whileDown.getString("distribution.find { it.member == '" + imp.url() + "' }.outcome"));
        assertFalse(active(pub, second.getString("refreshToken")));
        // ... and catches up when it returns.
        imp.start();
        imp.awaitReady(BOOT);
        awaitSameKeys(Duration.ofSeconds(30));
        assertFalse(active(imp, second.getString("refreshToken")), "old refresh token on the returned node");
        assertTrue(active(imp, token().getString("refreshToken")));
        assertTrue(active(imp, second.getString("accessToken")), "the signing key did not change");

        for (NodeProcess node : List.of(pub, imp)) {
            String log = node.logText();
            assertFalse(log.contains("PRIVATE KEY") || log.contains("wrappedKey"), node.name + " logged key material");
        }
        assertTrue(pubKeys.getLong("encryption.version") < keys(pub).getLong("encryption.version"));
    }

    JsonPath token() {
        return pub.asAdmin().contentType("application/json").body("{\"subject\": \"jabber-user\"}")
                .post("/api/v1/authz/token").then().statusCode(200).extract().jsonPath();
    }

    static boolean active(NodeProcess node, String token) {
        return node.asAdmin().contentType("application/json").body(Map.of("token", token)).post("/api/v1/authz/introspect")
                .then().statusCode(200).extract().jsonPath().getBoolean("active");
    }

    static JsonPath keys(NodeProcess node) {
        return node.asAdmin().get("/api/v1/authz/keys").then().statusCode(200).extract().jsonPath();
    }

    void awaitSameKeys(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String want = null;
        String have = null;
        while (Instant.now().isBefore(deadline)) {
            JsonPath p = keys(pub);
            JsonPath i = keys(imp);
            want = p.getString("signing.keyId") + "/" + p.getString("encryption.keyId");
            have = i.getString("signing.keyId") + "/" + i.getString("encryption.keyId");
            if (want.equals(have)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the IM and Presence node has keys " + have + ", the publisher " + want);
    }
}
