package io.ucfleet.node.pages;

import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.SeedCa;

/**
 * Seed 002's Certificate Management procedures, clicked through the pages in Debian's Chromium
 * (chromium and chromium-driver), each outcome checked through the REST API as well. Every page
 * is saved to target/screenshots/. The steps share one browser and run in order.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateManagementPagesTest {
    private static PageBrowser pages;
    private static ChromeDriver browser;
    private static OpensslCa root;
    private static OpensslCa intermediate;
    private static String downloadedCsr;

    @TestHTTPResource(value = "/", tls = true) // the pages are HTTPS only, as Cisco Tomcat's
    URL base;

    @BeforeAll
    static void startBrowser() throws IOException {
        pages = PageBrowser.start();
        browser = pages.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    @Order(1)
    void aBrowserIsSentToTheLoginFormWhileScriptsUseHttpBasic() {
        RestAssured.given().redirects().follow(false).get("/cmplatform/certificates").then().statusCode(303)
                .header("Location", containsString("/cmplatform/login"));
        asReadOnly().get("/cmplatform/certificates").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Certificate List"));
        RestAssured.given().auth().preemptive().basic(Api.ADMIN, "wrong").redirects().follow(false)
                .get("/cmplatform/certificates").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        // The API is unchanged: no login page, a problem and a Basic challenge.
        RestAssured.given().redirects().follow(false).get("/api/v1/certificates").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Basic"));

        RestAssured.given().redirects().follow(false).formParam("j_username", Api.ADMIN).formParam("j_password", "wrong")
                .post("/cmplatform/j_security_check").then().statusCode(303).header("Location", "/cmplatform/login?error=true");
        open("/cmplatform/");
        assertTrue(browser.getCurrentUrl().contains("/cmplatform/login"), browser.getCurrentUrl() + browser.getPageSource());
        shot("01-login");
        signIn(Api.ADMIN, "wrong");
        assertEquals(1, browser.findElements(By.id("login-error")).size(), browser.getCurrentUrl() + browser.getPageSource());
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        assertEquals(1, browser.findElements(By.id("account")).size(), page());
        assertEquals(Api.ADMIN, browser.findElement(By.id("account")).getText());
        shot("02-certificate-list");
    }

    @Test
    @Order(2)
    void findsIdentityCertificatesByUsageAndDownloadsTomcatsPem() throws IOException {
        open("/cmplatform/certificates");
        find("USAGE", "begins-with", "Identity");
        List<WebElement> rows = rows();
        assertFalse(rows.isEmpty());
        rows.forEach(r -> assertEquals("Identity", cell(r, 2)));
        shot("03-find-usage-identity");

        go(rows.stream().filter(r -> cell(r, 0).equals("tomcat")).findFirst().orElseThrow()
                .findElement(By.cssSelector("td:nth-child(2) a")));
        String sha256 = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        assertEquals(sha256, browser.findElement(By.id("sha256")).getText());
        shot("04-tomcat-details");

        browser.findElement(By.id("download-pem")).click();
        String pem = Files.readString(downloaded(".pem"));
        String text = Openssl.x509Text(pem);
        assertTrue(text.contains("CN=cucm-pub.ucfleet.test") || text.contains("CN = cucm-pub.ucfleet.test"), text);
        String fingerprint = Openssl.withInput(pem, "x509", "-noout", "-fingerprint", "-sha256").out();
        assertEquals(sha256, fingerprint.substring(fingerprint.indexOf('=') + 1).trim().replace(":", "").toLowerCase());
    }

    @Test
    @Order(3)
    void sortsByAColumnHeaderAndPages() {
        open("/cmplatform/certificates?size=5");
        go(browser.findElement(By.linkText("Expiration")));
        go(browser.findElement(By.partialLinkText("Expiration")));
        List<String> expirations = rows().stream().map(r -> cell(r, 7)).toList();
        assertEquals(expirations.stream().sorted(java.util.Comparator.reverseOrder()).toList(), expirations);
        assertEquals(5, expirations.size());
        go(browser.findElement(By.id("next")));
        assertTrue(browser.findElement(By.id("count")).getText().startsWith("6 - 10 of "), page());
        shot("03b-sorted-page-2");

        // Page load time of the Certificate List (default page size), as the browser sees it.
        List<Long> millis = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            open("/cmplatform/certificates");
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        java.util.Collections.sort(millis);
        System.out.println("Certificate List page load: p50 " + millis.get(9) + " ms, max " + millis.get(19) + " ms (20 loads)");
    }

    @Test
    @Order(4)
    void uploadsARootThenAnIntermediateIntoTomcatTrust() {
        String tag = Long.toHexString(System.nanoTime());
        root = OpensslCa.root("Pages Root " + tag);
        intermediate = root.intermediate("Pages Intermediate " + tag);
        for (OpensslCa ca : List.of(root, intermediate)) {
            open("/cmplatform/certificates");
            go(browser.findElement(By.id("upload")));
            new Select(browser.findElement(By.id("purpose"))).selectByVisibleText("tomcat-trust");
            browser.findElement(By.id("description")).sendKeys("uploaded from the pages");
            browser.findElement(By.id("file")).sendKeys(ca.certificate().toAbsolutePath().toString());
            shot(ca == root ? "05-upload-root" : "07-upload-intermediate");
            go(browser.findElement(By.id("upload-file")));
            assertEquals("Uploaded to tomcat-trust", browser.findElement(By.id("outcome")).getText());
            assertTrue(browser.getPageSource().contains(ca.commonName()));
            shot(ca == root ? "06-uploaded-root" : "08-uploaded-intermediate");
            asReadOnly().get("/api/v1/certificates/tomcat-trust/" + ca.sha256()).then().statusCode(200)
                    .body("description", equalTo("uploaded from the pages"));
        }
    }

    @Test
    @Order(5)
    void generatesACsrAndDownloadsIt() throws IOException {
        open("/cmplatform/certificates");
        go(browser.findElement(By.id("generate-csr")));
        new Select(browser.findElement(By.id("purpose"))).selectByValue("tomcat");
        new Select(browser.findElement(By.id("distribution"))).selectByValue("this-server");
        browser.findElement(By.id("altNames")).sendKeys("pages.ucfleet.test");
        new Select(browser.findElement(By.id("key"))).selectByValue("RSA-2048");
        new Select(browser.findElement(By.id("hashAlgorithm"))).selectByValue("sha256");
        shot("09-generate-csr");
        go(browser.findElement(By.id("generate")));
        assertEquals("CSR generated for tomcat", browser.findElement(By.id("outcome")).getText());
        shot("10-csr-generated");
        String pendingPem = asReadOnly().get("/api/v1/identities/tomcat/csr").then().statusCode(200).extract().path("pem");

        open("/cmplatform/csr/download");
        new Select(browser.findElement(By.id("purpose"))).selectByValue("tomcat");
        shot("11-download-csr");
        browser.findElement(By.id("download")).click();
        String csr = Files.readString(downloaded(".csr"));
        assertEquals(pendingPem.strip(), csr.strip());
        String text = Openssl.withInput(csr, "req", "-noout", "-verify", "-text").out();
        assertTrue(text.contains("pages.ucfleet.test"), text);
        downloadedCsr = csr;
    }

    @Test
    @Order(6)
    void uploadsTheCaSignedCertificateOfTomcat() {
        SeedCa ca = SeedCa.root("Pages Signing Root " + Long.toHexString(System.nanoTime()));
        Path signed = ca.sign(downloadedCsr);
        uploadThroughThePage("tomcat-trust", ca.certificate());
        assertEquals("Uploaded to tomcat-trust", browser.findElement(By.id("outcome")).getText());
        uploadThroughThePage("identity:tomcat", signed);
        assertEquals("Installed the CA-signed certificate of tomcat", browser.findElement(By.id("outcome")).getText(), page());
        assertTrue(browser.getPageSource().contains("Cisco Tomcat"));
        shot("12a-ca-signed-installed");
        asReadOnly().get("/api/v1/identities/tomcat").then().body("type", equalTo("CA-signed"))
                .body("issuer", containsString(ca.commonName()));
    }

    @Test
    @Order(7)
    void regeneratesTomcatWithA3072BitKey() {
        String before = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        open("/cmplatform/certificates");
        find("CERTIFICATE", "begins-with", "tomcat");
        go(rows().stream().filter(r -> cell(r, 0).equals("tomcat")).findFirst().orElseThrow()
                .findElement(By.cssSelector("td:nth-child(2) a")));
        new Select(browser.findElement(By.id("keySize"))).selectByValue("3072");
        go(browser.findElement(By.id("regenerate")));
        assertEquals("tomcat regenerated", browser.findElement(By.id("outcome")).getText());
        shot("12-regenerated");
        asReadOnly().get("/api/v1/identities/tomcat").then().body("publicKey.size", equalTo(3072))
                .body("fingerprints.sha256", org.hamcrest.Matchers.not(equalTo(before)));
        asAdmin().queryParam("user", Api.ADMIN).get("/api/v1/audit-log").then()
                .body("find { it.resource == 'POST /cmplatform/identities/tomcat/regenerate' }.via", equalTo("pages"))
                .body("find { it.eventType == 'identity-install' && it.subject == 'tomcat' }.via", equalTo("pages"))
                .body("find { it.eventType == 'identity-install' && it.subject == 'tomcat' }.before", equalTo(before));
    }

    @Test
    @Order(8)
    void deletesATrustCertificateAfterConfirmingTheChainsItBreaks() {
        open("/cmplatform/certificates");
        find("COMMON_NAME", "contains", root.commonName());
        go(rows().get(0).findElement(By.cssSelector("td:nth-child(2) a")));
        shot("13-root-details");
        go(browser.findElement(By.id("delete")));
        assertTrue(browser.findElement(By.id("breaks")).getText().contains("chains will be broken"));
        assertTrue(browser.getPageSource().contains(intermediate.commonName()));
        shot("14-confirm-delete");
        asReadOnly().get("/api/v1/certificates/tomcat-trust/" + root.sha256()).then().statusCode(200);
        go(browser.findElement(By.id("confirm-delete")));
        assertEquals(1, browser.findElements(By.id("outcome")).size(), page());
        assertTrue(browser.findElement(By.id("outcome")).getText().startsWith("Deleted " + root.commonName()));
        shot("15-deleted");
        asReadOnly().get("/api/v1/certificates/tomcat-trust/" + root.sha256()).then().statusCode(404);
    }

    @Test
    @Order(9)
    void showsTheApisProblemWhenAnIdentityIsDeleted() {
        String sha256 = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        open("/cmplatform/certificates/tomcat/" + sha256 + "/delete");
        go(browser.findElement(By.id("confirm-delete")));
        String detail = browser.findElement(By.id("detail")).getText();
        String apiDetail = asAdmin().delete("/api/v1/certificates/tomcat/" + sha256 + "?confirm=true").then().statusCode(409)
                .extract().path("detail");
        assertEquals(apiDetail, detail);
        assertFalse(browser.getPageSource().contains("Exception"));
        shot("16-problem");
    }

    @Test
    @Order(10)
    void restartsCiscoTomcatInControlCenter() {
        open("/cmplatform/services");
        assertTrue(browser.getPageSource().contains("tomcat regenerated"));
        shot("17-control-center");
        go(browser.findElement(By.id("restart-cisco-tomcat")));
        assertEquals("Cisco Tomcat restarted.", browser.findElement(By.id("notice")).getText());
        shot("18-restarted");
        asReadOnly().get("/api/v1/services").then().body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(false));
    }

    @Test
    @Order(11)
    void aForgedCrossSitePostIsRefusedAndChangesNothing() {
        String session = browser.manage().getCookieNamed("cmplatform-session").getValue();
        String token = browser.findElement(By.name("csrf-token")).getDomProperty("value");
        // No token, from another site; a wrong token; the right token from another site.
        forged(session, Optional.empty(), Optional.of("https://evil.example")).statusCode(403);
        forged(session, Optional.of(token + "x"), Optional.empty()).statusCode(403)
                .body(containsString("not valid for this account"));
        forged(session, Optional.of(token), Optional.of("https://evil.example")).statusCode(403)
                .body(containsString("another site"));
        forged(session, Optional.of(token), Optional.of("null")).statusCode(403);
        asReadOnly().get("/api/v1/certificates/tomcat-trust/" + intermediate.sha256()).then().statusCode(200);
    }

    @Test
    @Order(12)
    void aReadOnlyUserFindsNoChangeButtonAndIsRefusedIfItPostsAnyway() {
        go(browser.findElement(By.id("logout")));
        assertTrue(browser.getCurrentUrl().contains("/cmplatform/login"), page());
        open("/cmplatform/certificates");
        assertTrue(browser.getCurrentUrl().contains("/cmplatform/login"), "logged out");
        signIn(Api.READ_ONLY, Api.READ_ONLY_PASSWORD);
        assertTrue(browser.findElements(By.id("upload")).isEmpty());
        assertTrue(browser.findElements(By.id("generate-csr")).isEmpty());
        shot("19-read-only-list");
        open("/cmplatform/certificates/tomcat-trust/" + intermediate.sha256());
        assertTrue(browser.findElements(By.id("delete")).isEmpty());
        String tomcat = asReadOnly().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        open("/cmplatform/certificates/tomcat/" + tomcat);
        assertTrue(browser.findElements(By.id("regenerate")).isEmpty());
        open("/cmplatform/services");
        assertTrue(browser.findElements(By.cssSelector("button[id^=restart-]")).isEmpty());
        shot("20-read-only-services");

        String session = browser.manage().getCookieNamed("cmplatform-session").getValue();
        String token = browser.findElement(By.name("csrf-token")).getDomProperty("value");
        RestAssured.given().cookie("cmplatform-session", session).formParam("csrf-token", token).redirects().follow(false)
                .post("/cmplatform/identities/tomcat/regenerate").then().statusCode(403)
                .body(containsString("read-only access"));
        asReadOnly().get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(tomcat));
    }

    /**
     * A form that is not the multipart it says it is (the hostile-input campaign's finding: the
     * pages answered 500): 400 in the page's HTML, naming the multipart body, on every page form,
     * an Expressway's too; nothing logged as an unexpected error.
     */
    @Test
    @Order(13)
    void aMalformedMultipartFormIsA400PageNotAnInternalError() throws Exception {
        // the node's HTTPS presents its self-signed tomcat, which this test does not judge
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(io.ucfleet.platform.tls.UnverifiedTls.context("CertificateManagementPagesTest")).build();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((Api.ADMIN + ":" + Api.ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String form : List.of("/cmplatform/upload", "/cmplatform/security-settings", "/cmplatform/authz/signing/regenerate",
                "/cmplatform/expressway/crl-management/upload")) {
            for (String body : List.of("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ntruncated", "null", "{")) {
                var answer = http.send(java.net.http.HttpRequest.newBuilder(base.toURI().resolve(form))
                        .header("Authorization", basic).header("Content-Type", "multipart/form-data; boundary=x")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(400, answer.statusCode(), form + " " + body + ": " + answer.body());
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), form);
                assertTrue(answer.body().contains("multipart/form-data body cannot be parsed"), answer.body());
            }
        }
    }

    // --- helpers ---

    private io.restassured.response.ValidatableResponse forged(String session, Optional<String> token, Optional<String> origin) {
        var request = RestAssured.given().cookie("cmplatform-session", session).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("ignored", "1");
        token.ifPresent(t -> request.formParam("csrf-token", t));
        origin.ifPresent(o -> request.header("Origin", o));
        return request.post("/cmplatform/certificates/tomcat-trust/" + intermediate.sha256() + "/delete").then();
    }

    private void uploadThroughThePage(String purpose, Path file) {
        open("/cmplatform/upload");
        new Select(browser.findElement(By.id("purpose"))).selectByValue(purpose.contains(":") ? purpose : "trust-store:" + purpose);
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        go(browser.findElement(By.id("upload-file")));
    }

    /** Where the browser is and what it shows, for failure messages. */
    private static String page() {
        return pages.page();
    }

    /** Clicks what leads to another page and waits until the browser has left this one. */
    private static void go(WebElement element) {
        pages.go(element);
    }

    private void open(String path) {
        pages.open(base, path);
    }

    private void signIn(String user, String password) {
        pages.signIn(user, password);
    }

    private void find(String where, String match, String value) {
        new Select(browser.findElement(By.id("where"))).selectByValue(where);
        new Select(browser.findElement(By.id("match"))).selectByValue(match);
        browser.findElement(By.id("value")).clear();
        browser.findElement(By.id("value")).sendKeys(value);
        go(browser.findElement(By.id("find-button")));
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#certificates tr")).stream()
                .filter(r -> !r.findElements(By.tagName("td")).isEmpty()).toList();
    }

    private static String cell(WebElement row, int index) {
        return row.findElements(By.tagName("td")).get(index).getText();
    }

    /** The one finished download ending in {@code extension}, which the step then removes. */
    private static Path downloaded(String extension) throws IOException {
        return pages.downloaded(extension);
    }

    private static void shot(String name) {
        pages.shot(name);
    }
}
