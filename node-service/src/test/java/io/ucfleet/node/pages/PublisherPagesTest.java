package io.ucfleet.node.pages;

import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Api;

/**
 * The publisher's pages beyond the certificate list: Generate Self-signed, Discard CSR, the AUTHZ
 * keys and the cluster security mode, clicked in Chromium and checked through the REST API; a
 * forged POST and a read-only account change nothing. The steps share one browser and run in order.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublisherPagesTest {
    private static PageBrowser pages;

    @TestHTTPResource(value = "/", tls = true) // the pages are HTTPS only, as Cisco Tomcat's
    URL base;

    @BeforeAll
    static void startBrowser() throws IOException {
        pages = PageBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    @Order(1)
    void generatesASelfSignedTomcatEcdsaWithAP384KeyOfferingOnlyTheLengthsOfItsUnit() {
        open("/cmplatform/certificates");
        pages.signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        pages.go("generate-self-signed");
        choosePurpose("tomcat");
        assertEquals("RSA", pages.text("key-type"));
        assertEquals(List.of("2048", "3072", "4096"), keyLengths());

        // Seed 002: from the certificate's details, Generate Self-signed Certificate for a new key length.
        String before = asReadOnly().get("/api/v1/identities/tomcat-ECDSA").then().extract().path("fingerprints.sha256");
        open("/cmplatform/certificates/tomcat-ECDSA/" + before);
        pages.go("generate-self-signed");
        assertEquals("tomcat-ECDSA", new Select(pages.driver.findElement(By.id("purpose"))).getFirstSelectedOption().getText());
        assertEquals("EC", pages.text("key-type"));
        assertEquals(List.of("256", "384"), keyLengths());
        assertEquals("256", new Select(pages.driver.findElement(By.id("keySize"))).getFirstSelectedOption().getDomProperty("value"));
        new Select(pages.driver.findElement(By.id("keySize"))).selectByValue("384");
        pages.shot("21-generate-self-signed");
        pages.go("generate");
        assertEquals("tomcat-ECDSA regenerated", pages.text("outcome"), pages.page());
        pages.shot("22-self-signed-generated");
        asReadOnly().get("/api/v1/identities/tomcat-ECDSA").then().body("publicKey.size", equalTo(384))
                .body("type", equalTo("self-signed")).body("fingerprints.sha256", not(equalTo(before)));
        asAdmin().queryParam("user", Api.ADMIN).get("/api/v1/audit-log").then()
                .body("find { it.resource == 'POST /cmplatform/identities/tomcat-ECDSA/regenerate' }.via", equalTo("pages"));
        // Leave the unit as the other tests expect it (P-256).
        asAdmin().contentType("application/json").body("{\"keySize\": 256}").post("/api/v1/identities/tomcat-ECDSA/regenerate")
                .then().statusCode(200);
    }

    @Test
    @Order(2)
    void discardsThePendingCsrOfAUnitOnTheDownloadCsrPage() {
        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/TVS/csr").then().statusCode(201);
        open("/cmplatform/csr/download");
        List<List<String>> pending = pages.table("pending");
        assertTrue(pending.stream().anyMatch(r -> r.get(0).equals("TVS")), pages.page());
        pages.shot("23-download-csr-pending");
        pages.go("discard-TVS");
        assertEquals("CSR discarded for TVS", pages.text("outcome"), pages.page());
        pages.shot("24-csr-discarded");
        asReadOnly().get("/api/v1/identities/TVS/csr").then().statusCode(404)
                .body("type", equalTo("urn:ucfleet:problem:csr-not-found"));
        open("/cmplatform/csr/download");
        assertTrue(pages.table("pending").stream().noneMatch(r -> r.get(0).equals("TVS")));

        // Discarding again shows the API's problem.
        String detail = asAdmin().delete("/api/v1/identities/TVS/csr").then().statusCode(404).extract().path("detail");
        pages.post("/cmplatform/csr/TVS/discard", Map.of("csrf-token", pages.token())).statusCode(404)
                .body(containsString(detail));
    }

    @Test
    @Order(3)
    void regeneratesTheAuthzSigningKeyAndShowsTheEncryptionKeyAsCliOnly() {
        open("/cmplatform/certificates");
        pages.go("nav-authz");
        JsonPath before = keys();
        List<List<String>> rows = pages.table("authz-keys");
        assertEquals(List.of("signing", "RSA 2048", before.getString("signing.keyId"), before.getString("signing.version")),
                rows.get(0).subList(0, 4));
        assertEquals(List.of("encryption", "AES 256", before.getString("encryption.keyId"),
                before.getString("encryption.version")), rows.get(1).subList(0, 4));
        assertTrue(rows.get(1).get(6).contains("set key regen authz encryption"));
        assertFalse(pages.has("regenerate-encryption"));
        pages.shot("25-authz-keys");
        pages.go("regenerate-signing");
        assertEquals("AUTHZ signing key regenerated", pages.text("outcome"), pages.page());
        assertTrue(pages.driver.getPageSource().contains("Restart the Cisco CallManager Service on all nodes"));
        pages.shot("26-authz-regenerated");
        JsonPath after = keys();
        assertEquals(before.getLong("signing.version") + 1, after.getLong("signing.version"));
        assertFalse(before.getString("signing.keyId").equals(after.getString("signing.keyId")));
        assertEquals(before.getString("encryption.keyId"), after.getString("encryption.keyId"));
        asReadOnly().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-callmanager' }.restartRequired", equalTo(true));
    }

    @Test
    @Order(4)
    void showsTheClusterSecurityModeAndTheIdentitiesTheCtlNoLongerMatches() {
        String callManager = asReadOnly().get("/api/v1/identities/CallManager").then().extract().path("fingerprints.sha256");
        String capf = asReadOnly().get("/api/v1/identities/CAPF").then().extract().path("fingerprints.sha256");
        String stale = "0".repeat(64);
        try {
            open("/cmplatform/ctl");
            assertEquals("Non-secure mode (0)", pages.text("mode"));
            assertEquals("No", pages.text("update-required"));

            // As ctl-service reports after update CTLFile, with CAPF since replaced.
            asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"mixed\",\"ctlVersion\":3,\"listed\":["
                    + "{\"unit\":\"CallManager\",\"sha256\":\"" + callManager + "\"},{\"unit\":\"CAPF\",\"sha256\":\"" + stale
                    + "\"}]}").put("/api/v1/ctl-status").then().statusCode(200);
            asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true))
                    .body("changed.unit", equalTo(List.of("CAPF")));
            open("/cmplatform/certificates");
            pages.go("nav-ctl");
            assertEquals("Mixed mode (1)", pages.text("mode"));
            assertEquals("3", pages.text("ctl-version"));
            assertTrue(pages.text("update-required").startsWith("Yes"), pages.page());
            assertEquals(List.of(List.of("CAPF", stale, capf)), pages.table("changed"));
            assertEquals(List.of(List.of("CAPF", stale), List.of("CallManager", callManager)), pages.table("listed"));
            assertFalse(pages.driver.findElements(By.tagName("button")).stream().anyMatch(b -> !"logout".equals(b.getDomAttribute("id"))),
                    "the CTL page is read-only");
            pages.shot("27-cluster-security-mode");
        } finally {
            asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"non-secure\",\"listed\":[]}")
                    .put("/api/v1/ctl-status").then().statusCode(200);
        }
    }

    @Test
    @Order(5)
    void thePublisherHasNoImAndPresencePagesAndSaysWhyAsTheApiDoes() {
        assertFalse(pages.has("nav-security-settings"));
        assertFalse(pages.has("nav-import-tool"));
        for (String page : List.of("security-settings", "certificate-import-tool")) {
            String detail = asAdmin().get("/api/v1/" + page).then().statusCode(409)
                    .body("type", equalTo("urn:ucfleet:problem:im-and-presence-only")).extract().path("detail");
            open("/cmplatform/" + page);
            assertEquals(detail, pages.text("detail"), pages.page());
        }
        pages.shot("28-im-and-presence-only");
    }

    @Test
    @Order(6)
    void aForgedPostWithoutTheTokenIsRefusedAndChangesNothing() {
        JsonPath before = keys();
        pages.post("/cmplatform/authz/signing/regenerate", Map.of()).statusCode(403).body(containsString("csrf-token"));
        pages.post("/cmplatform/authz/signing/regenerate", Map.of("csrf-token", pages.token()))
                .statusCode(200); // the same session with its token is accepted: the refusal above was the token's
        JsonPath accepted = keys();
        assertEquals(before.getLong("signing.version") + 1, accepted.getLong("signing.version"));

        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/TVS/csr").then().statusCode(201);
        pages.post("/cmplatform/csr/TVS/discard", Map.of()).statusCode(403);
        asReadOnly().get("/api/v1/identities/TVS/csr").then().statusCode(200);
        assertEquals(accepted.getLong("signing.version"), keys().getLong("signing.version"));
    }

    @Test
    @Order(7)
    void aReadOnlyUserSeesNoChangeButtonAndIsRefusedIfItPostsAnyway() {
        pages.go("logout");
        open("/cmplatform/certificates");
        pages.signIn(Api.READ_ONLY, Api.READ_ONLY_PASSWORD);
        assertFalse(pages.has("generate-self-signed"));
        open("/cmplatform/self-signed?purpose=tomcat");
        assertFalse(pages.has("generate"));
        open("/cmplatform/csr/download");
        assertTrue(pages.table("pending").stream().anyMatch(r -> r.get(0).equals("TVS")));
        assertFalse(pages.has("discard-TVS"));
        open("/cmplatform/authz");
        assertFalse(pages.has("regenerate-signing"));
        pages.shot("29-read-only-authz");

        JsonPath before = keys();
        pages.post("/cmplatform/authz/signing/regenerate", Map.of("csrf-token", pages.token())).statusCode(403)
                .body(containsString("read-only access"));
        pages.post("/cmplatform/csr/TVS/discard", Map.of("csrf-token", pages.token())).statusCode(403);
        assertEquals(before.getLong("signing.version"), keys().getLong("signing.version"));
        asReadOnly().get("/api/v1/identities/TVS/csr").then().statusCode(200);
        asAdmin().delete("/api/v1/identities/TVS/csr").then().statusCode(204);
    }

    // --- helpers ---

    private void open(String path) {
        pages.open(base, path);
    }

    private void choosePurpose(String unit) {
        new Select(pages.driver.findElement(By.id("purpose"))).selectByValue(unit);
        pages.go("choose-purpose");
        assertEquals(unit, new Select(pages.driver.findElement(By.id("purpose"))).getFirstSelectedOption().getText());
    }

    private List<String> keyLengths() {
        return new Select(pages.driver.findElement(By.id("keySize"))).getOptions().stream()
                .map((WebElement o) -> o.getDomProperty("value")).toList();
    }

    private static JsonPath keys() {
        return asReadOnly().get("/api/v1/authz/keys").then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification asCluster() {
        return RestAssured.given().auth().preemptive().basic("cluster", "cluster-password");
    }
}
