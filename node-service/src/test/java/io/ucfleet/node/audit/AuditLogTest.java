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
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
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
        assertTrue(entries.stream().filter(e -> !"system".equals(e.get("via"))) // the node's own work has no client
                .allMatch(e -> "127.0.0.1".equals(e.get("clientAddress")) || String.valueOf(e.get("clientAddress")).contains(":")),
                entries.toString());
        assertFalse(entries.toString().contains("admin-password") || entries.toString().contains("wrong-password"));

        asAdmin().queryParam("user", "auditor").queryParam("since", since).get("/api/v1/audit-log").then().statusCode(200)
                .body("userId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("auditor")));
        Api.asReadOnly().get("/api/v1/audit-log").then().statusCode(403);
        Api.anonymous().get("/api/v1/audit-log").then().statusCode(401);
        asAdmin().queryParam("limit", 0).get("/api/v1/audit-log").then().statusCode(400);
        asAdmin().queryParam("since", "yesterday").get("/api/v1/audit-log").then().statusCode(400);
        for (String filter : List.of("user", "eventType", "subject")) { // a NUL would reach PostgreSQL as a 500
            asAdmin().urlEncodingEnabled(false).get("/api/v1/audit-log?" + filter + "=a%00b").then().statusCode(400)
                    .body("detail", org.hamcrest.Matchers.containsString(filter));
        }
    }

    /**
     * Each change has its own entry beside its request's: what changed and its fingerprints
     * before and after, who and through which interface (REST, CLI), and the trust copy of a
     * self-signed identity as a delete and an import in its store.
     */
    @Test
    void eachChangeIsRecordedWithWhatItChangedAndTheFingerprintsBeforeAndAfter() throws Exception {
        // a change's entry is written as the change commits: what follows the newest entry now is this test's
        // (by id, not time: another test may have moved the node's clock)
        long baseline = ((Number) asAdmin().queryParam("limit", 1).get("/api/v1/audit-log").then().statusCode(200).extract()
                .jsonPath().getList("id").get(0)).longValue();
        String before = asAdmin().get("/api/v1/identities/TVS").then().statusCode(200).extract().path("fingerprints.sha256");
        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/TVS/regenerate").then().statusCode(200);
        String afterRest = asAdmin().get("/api/v1/identities/TVS").then().extract().path("fingerprints.sha256");
        var cli = new SshClient(ssh.port(), Api.ADMIN, Api.ADMIN_PASSWORD, SshClient.PASSWORD).exec("set cert regen TVS", "yes\n");
        assertEquals(0, cli.exitCode(), cli.stdout() + cli.stderr());
        String afterCli = asAdmin().get("/api/v1/identities/TVS").then().extract().path("fingerprints.sha256");
        asAdmin().contentType("application/json").body("{\"keySize\": 1000}").post("/api/v1/identities/TVS/regenerate").then()
                .statusCode(400);

        List<Map<String, Object>> installs = asAdmin().queryParam("eventType", "identity-install")
                .get("/api/v1/audit-log").then().statusCode(200).extract().jsonPath().getList("findAll { it.id > " + baseline + " }");
        assertEquals(2, installs.size(), "one per regeneration that happened, none for the refused one: " + installs);
        Map<String, Object> cliInstall = installs.get(0);
        Map<String, Object> restInstall = installs.get(1);
        assertEquals(List.of("admin", "rest", "TVS", before, afterRest, "success"), List.of(restInstall.get("userId"),
                restInstall.get("via"), restInstall.get("subject"), restInstall.get("before"), restInstall.get("after"),
                restInstall.get("status")), restInstall.toString());
        assertEquals(List.of("admin", "cli", "TVS", afterRest, afterCli), List.of(cliInstall.get("userId"), cliInstall.get("via"),
                cliInstall.get("subject"), cliInstall.get("before"), cliInstall.get("after")), cliInstall.toString());
        assertEquals(null, restInstall.get("origin"));
        // the self-signed identity's trust copy: out with the old, in with the new, in the same store
        List<Map<String, Object>> trust = asAdmin().queryParam("via", "rest").get("/api/v1/audit-log")
                .then().extract().jsonPath().getList("findAll { it.id > " + baseline + " }");
        assertTrue(trust.stream().anyMatch(e -> "trust-delete".equals(e.get("eventType")) && before.equals(e.get("before"))
                && e.get("after") == null), trust.toString());
        assertTrue(trust.stream().anyMatch(e -> "trust-import".equals(e.get("eventType")) && afterRest.equals(e.get("after"))
                && e.get("subject").equals(trust.stream().filter(t -> "trust-delete".equals(t.get("eventType"))).findFirst()
                        .orElseThrow().get("subject"))), trust.toString());

        asAdmin().queryParam("subject", "TVS").get("/api/v1/audit-log").then().statusCode(200)
                .body("findAll { it.id > " + baseline + " }.size()", org.hamcrest.Matchers.equalTo(2))
                .body("subject", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("TVS")));
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        List<Map<String, Object>> restarts = asAdmin().queryParam("eventType", "service-restart")
                .get("/api/v1/audit-log").then().extract().jsonPath().getList("findAll { it.id > " + baseline + " }");
        assertEquals("Cisco Tomcat", restarts.get(0).get("subject"), restarts.toString());
        assertTrue(asAdmin().get("/api/v1/audit-log/verification").then().extract().jsonPath().getBoolean("verified"));
    }

    /**
     * The chain: verified as written; an entry changed, deleted in the middle or deleted at the
     * head of the table (by SQL, as someone with database access would) is named where it breaks;
     * put back, it verifies again. The export holds the links, and recomputing them from it (the
     * README's canonical form, written out here again) gives the same hashes.
     */
    @Test
    void theChainVerifiesAndEveryEditOfTheTableIsFoundWhereItIs() throws Exception {
        for (String who : List.of("=HYPERLINK(\"x\")", "mallory", "trudy")) {
            RestAssured.given().auth().preemptive().basic(who, "nope").get("/api/v1/node").then().statusCode(401);
        }
        // written off the event loop, in any order: wait for all three, then take the newest two entries of the log
        List<Map<String, Object>> recent = List.of();
        for (int i = 0; i < 50; i++) {
            recent = asAdmin().queryParam("status", "failure").queryParam("eventType", "authentication").queryParam("limit", 3)
                    .get("/api/v1/audit-log").then().extract().jsonPath().getList("$");
            if (recent.stream().map(e -> e.get("userId")).collect(java.util.stream.Collectors.toSet()).containsAll(
                    List.of("mallory", "trudy", "=HYPERLINK(\"x\")"))) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(300); // what earlier requests still had to write
        List<Map<String, Object>> last = asAdmin().queryParam("limit", 2).get("/api/v1/audit-log").then().extract().jsonPath()
                .getList("$");
        long newest = ((Number) last.get(0).get("id")).longValue();
        assertTrue(newest > 0, "the failed logins were recorded: " + recent);
        var verified = asAdmin().get("/api/v1/audit-log/verification").then().statusCode(200).extract().jsonPath();
        assertTrue(verified.getBoolean("verified"), verified.prettify());
        assertTrue(verified.getLong("entries") >= 3);
        long middle = ((Number) last.get(1).get("id")).longValue(); // ids may have gaps (a rolled-back change's entries)

        Object[] saved = row(middle);
        sql("update audit_event set detail = 'HTTP 200' where id = " + middle);
        assertBroken(middle, "was changed after it was written");
        restore(middle, saved);
        assertTrue(asAdmin().get("/api/v1/audit-log/verification").then().extract().jsonPath().getBoolean("verified"));

        sql("delete from audit_event where id = " + middle);
        assertBroken(newest, "does not follow entry");
        restore(middle, saved);

        Object[] head = row(newest);
        sql("delete from audit_event where id = " + newest);
        assertBroken(middle, "newer entries were deleted or changed");
        restore(newest, head);
        assertTrue(asAdmin().get("/api/v1/audit-log/verification").then().extract().jsonPath().getBoolean("verified"));

        // the export: every entry with its links, which recompute
        String ndjson = asAdmin().queryParam("format", "ndjson").get("/api/v1/audit-log/export").then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String prev = "0".repeat(64);
        int lines = 0;
        for (String line : ndjson.split("\n")) {
            var e = mapper.readTree(line);
            if (e.path("entryHash").isNull()) {
                continue;
            }
            assertEquals(prev, e.path("prevHash").asText(), line);
            StringBuilder canonical = new StringBuilder();
            List<String> fields = new java.util.ArrayList<>(List.of(prev, e.path("id").asText(), e.path("at").asText(),
                    e.path("userId").asText(), e.path("clientAddress").asText(), e.path("via").asText(), e.path("eventType").asText(),
                    e.path("resource").asText(), e.path("status").asText(), e.path("detail").asText()));
            List<String> change = List.of("subject", "before", "after", "origin");
            if (change.stream().anyMatch(f -> !e.path(f).isNull())) { // a change's own entry
                change.forEach(f -> fields.add(e.path(f).isNull() ? "" : e.path(f).asText()));
            }
            for (String f : fields) {
                canonical.append(f.length()).append(':').append(f).append('\n');
            }
            String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(hash, e.path("entryHash").asText(), line);
            prev = hash;
            lines++;
        }
        assertTrue(lines >= 3, ndjson);
        String csv = asAdmin().queryParam("user", "=HYPERLINK(\"x\")").get("/api/v1/audit-log/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertTrue(csv.startsWith("id,at,userId,clientAddress,via,eventType,resource,status,detail,subject,before,after,origin,"
                + "prevHash,entryHash\r\n"), csv);
        // the account name, quoted (RFC 4180) and defused with a leading ' for spreadsheets
        assertTrue(java.util.regex.Pattern.compile(",\"'=HYPERLINK\\(\"\"x\"\"\\)\",[^,]+,rest,authentication,GET /api/v1/node,failure,HTTP 401,,,,,")
                .matcher(csv).find(), csv);
        assertEquals(2, csv.split("\r\n").length, "the header and the one entry of that account: " + csv);
        asAdmin().queryParam("format", "xml").get("/api/v1/audit-log/export").then().statusCode(400);
        asAdmin().queryParam("via", "carrier-pigeon").get("/api/v1/audit-log").then().statusCode(400);
        asAdmin().queryParam("status", "failure").queryParam("via", "rest").queryParam("eventType", "authentication")
                .get("/api/v1/audit-log").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("failure")))
                .body("eventType", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("authentication")));
        Api.asReadOnly().get("/api/v1/audit-log/verification").then().statusCode(403);
        Api.asReadOnly().get("/api/v1/audit-log/export").then().statusCode(403);
    }

    @Inject
    jakarta.persistence.EntityManager em;

    private void sql(String statement) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    private Object[] row(long id) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select id, at, user_id, client_address, interface, event_type, resource, status, detail, prev_hash, entry_hash"
                        + " from audit_event where id = ?1").setParameter(1, id).getSingleResult());
    }

    private void restore(long id, Object[] row) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from audit_event where id = ?1").setParameter(1, id).executeUpdate();
            var insert = em.createNativeQuery("insert into audit_event (id, at, user_id, client_address, interface, event_type,"
                    + " resource, status, detail, prev_hash, entry_hash) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
            for (int i = 0; i < row.length; i++) {
                insert.setParameter(i + 1, row[i]);
            }
            insert.executeUpdate();
        });
    }

    private static void assertBroken(long at, String problem) {
        var v = asAdmin().get("/api/v1/audit-log/verification").then().statusCode(200).extract().jsonPath();
        assertFalse(v.getBoolean("verified"), v.prettify());
        assertEquals(at, v.getLong("brokenAt"), v.prettify());
        assertTrue(v.getString("problem").contains(problem), v.prettify());
    }

    private static boolean is(Map<String, Object> e, String user, String via, String type, String resource, String status) {
        return user.equals(e.get("userId")) && via.equals(e.get("via")) && type.equals(e.get("eventType"))
                && resource.equals(e.get("resource")) && status.equals(e.get("status"));
    }
}
