package io.ucfleet.node.audit;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ucfleet.node.cli.ssh.SshCliServer;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.SshClient;

/**
 * Who changed what: changes through the native API, the certmgr façade, the management API and
 * the platform CLI (OpenSSH's client), refused logins and permissions, each with the account, the
 * address and the outcome; never a password; administrators only.
 */
@QuarkusTest
class AuditLogTest {
    @Inject
    SshCliServer ssh;

    @Test
    void changesRefusalsAndCliCommandsAreRecordedWithWhoAndFromWhere() throws Exception {
        String since = Instant.now().minusSeconds(1).toString();
        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/TVS/regenerate").then().statusCode(200);
        Api.asReadOnly().contentType("application/json").body("{}").post("/api/v1/identities/TVS/regenerate").then()
                .statusCode(403);
        RestAssured.given().auth().preemptive().basic("admin", "wrong-password").get("/api/v1/node").then().statusCode(401);
        asAdmin().contentType("application/json").body("{\"keySize\": 1000}").post("/api/v1/identities/TVS/regenerate").then()
                .statusCode(400);
        var cli = new SshClient(ssh.port(), Api.ADMIN, Api.ADMIN_PASSWORD, SshClient.PASSWORD)
                .exec("set cert regen TVS", "yes\n");
        assertEquals(0, cli.exitCode(), cli.stdout() + cli.stderr());

        List<Map<String, Object>> entries = List.of();
        for (int i = 0; i < 50; i++) { // written off the event loop, after the answer
            entries = asAdmin().queryParam("since", since).get("/api/v1/audit-log").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            if (entries.stream().anyMatch(e -> "cli".equals(e.get("via"))) && entries.size() >= 5) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(entries.stream().anyMatch(e -> is(e, "admin", "rest", "change", "POST /api/v1/identities/TVS/regenerate",
                "success")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> is(e, "admin", "rest", "change", "POST /api/v1/identities/TVS/regenerate",
                "failure") && "HTTP 400".equals(e.get("detail"))), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> is(e, "auditor", "rest", "authorization", "POST /api/v1/identities/TVS/regenerate",
                "failure")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> is(e, "admin", "rest", "authentication", "GET /api/v1/node", "failure")),
                entries.toString());
        assertTrue(entries.stream().anyMatch(e -> is(e, "admin", "cli", "change", "set cert regen TVS", "success")),
                entries.toString());
        assertTrue(entries.stream().allMatch(e -> "127.0.0.1".equals(e.get("clientAddress")) || String.valueOf(e.get("clientAddress"))
                .contains(":")), entries.toString());
        assertFalse(entries.toString().contains("admin-password") || entries.toString().contains("wrong-password"));

        asAdmin().queryParam("user", "auditor").queryParam("since", since).get("/api/v1/audit-log").then().statusCode(200)
                .body("userId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("auditor")));
        Api.asReadOnly().get("/api/v1/audit-log").then().statusCode(403);
        Api.anonymous().get("/api/v1/audit-log").then().statusCode(401);
        asAdmin().queryParam("limit", 0).get("/api/v1/audit-log").then().statusCode(400);
        asAdmin().queryParam("since", "yesterday").get("/api/v1/audit-log").then().statusCode(400);
    }

    private static boolean is(Map<String, Object> e, String user, String via, String type, String resource, String status) {
        return user.equals(e.get("userId")) && via.equals(e.get("via")) && type.equals(e.get("eventType"))
                && resource.equals(e.get("resource")) && status.equals(e.get("status"));
    }
}
