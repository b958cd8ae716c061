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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.TlsPeer;

/**
 * IM and Presence's System > Security > Settings and Certificate Import Tool as pages, on an IM
 * and Presence node (its own boot: keep this class short), against an {@code openssl s_server}
 * peer; each outcome checked through the REST API. The steps share one browser and run in order.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
@TestProfile(ImAndPresencePagesTest.ImAndPresence.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImAndPresencePagesTest {
    private static PageBrowser pages;

    public static class ImAndPresence implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ucfleet.node.role", "im-and-presence", "ucfleet.node.hostname", "cucm-imp",
                    "ucfleet.node.fqdn", "cucm-imp.ucfleet.test",
                    // the XMPP ports on free loopback ports: 5222 and 5269 are not ours to take
                    "ucfleet.node.xmpp.host", "127.0.0.1", "ucfleet.node.xmpp.port", "0", "ucfleet.node.xmpp.server-port", "0",
                    "ucfleet.node.certificate-import-tool.connect-timeout", "2S",
                    "ucfleet.node.certificate-import-tool.handshake-timeout", "2S");
        }
    }

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
    void savesTheXmppCertificateSettings() {
        open("/cmplatform/certificates");
        pages.signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        assertFalse(pages.has("nav-authz"));
        assertFalse(pages.has("nav-ctl"));
        pages.go("nav-security-settings");
        assertEquals("ucfleet.test", pages.text("xmpp-domain"));
        assertFalse(pages.driver.findElement(By.id("useDomainNameForXmppCertificateSan")).isSelected());
        pages.driver.findElement(By.id("xmppServerToServerSanDomain")).sendKeys("federation.example.com");
        pages.driver.findElement(By.id("useDomainNameForXmppCertificateSan")).click();
        pages.shot("30-security-settings");
        pages.go("save");
        assertTrue(pages.text("notice").contains("Save Successful."), pages.page());
        assertTrue(pages.text("notice").contains("Cisco XCP Router"), pages.page());
        assertTrue(pages.driver.findElement(By.id("useDomainNameForXmppCertificateSan")).isSelected());
        pages.shot("31-security-settings-saved");
        asReadOnly().get("/api/v1/security-settings").then().statusCode(200)
                .body("useDomainNameForXmppCertificateSan", equalTo(true))
                .body("xmppServerToServerSanDomain", equalTo("federation.example.com"));

        // A bad domain: the API's problem, nothing saved.
        pages.driver.findElement(By.id("xmppServerToServerSanDomain")).clear();
        pages.driver.findElement(By.id("xmppServerToServerSanDomain")).sendKeys("*.example.com");
        pages.go("save");
        assertTrue(pages.text("detail").contains("is not a domain name"), pages.page());
        asReadOnly().get("/api/v1/security-settings").then().body("xmppServerToServerSanDomain", equalTo("federation.example.com"));
    }

    @Test
    @Order(2)
    void aDeadPeerFailsTheConnectionTestAndRunsNoOther() {
        open("/cmplatform/certificate-import-tool");
        submit("cup-trust", "localhost", ServiceProcess.freePort());
        List<List<String>> tests = pages.table("tests");
        assertEquals("connected", tests.get(0).get(0));
        assertEquals("failed (connection-refused)", tests.get(0).get(1));
        assertTrue(tests.subList(1, tests.size()).stream().allMatch(t -> t.get(1).equals("not-run")), pages.page());
        assertFalse(pages.has("install"));
    }

    @Test
    @Order(3)
    void runsTheToolAgainstAPeerThenInstallsTheRootItSent() throws Exception {
        OpensslCa root = OpensslCa.root("pages exchange root " + Long.toHexString(System.nanoTime()));
        OpensslCa leaf = root.leaf("localhost");
        try (TlsPeer peer = TlsPeer.sServer(leaf, root)) {
            open("/cmplatform/certificates");
            pages.go("nav-import-tool");
            submit("cup-trust", "localhost", peer.port);
            assertEquals("Not every test succeeded", pages.text("result"));
            Map<String, String> states = states();
            assertEquals("succeeded", states.get("connected"));
            assertEquals("succeeded", states.get("peer-name-matches"));
            assertEquals("failed", states.get("certificates-trusted"));
            List<List<String>> presented = pages.table("presented");
            assertEquals(List.of("peer", "missing"), presented.stream().map(r -> r.get(1)).toList());
            assertEquals(root.sha256(), presented.get(1).get(7));
            assertTrue(pages.driver.findElement(By.id("install-1")).isSelected());
            asAdmin().get("/api/v1/certificates/cup-trust/" + root.sha256()).then().statusCode(404);
            pages.shot("32-certificate-import-tool-report");

            pages.go("install");
            assertTrue(pages.text("notice").startsWith("1 certificate(s) installed into cup-trust"), pages.page());
            assertTrue(pages.text("notice").contains("Cisco Presence Engine first, then Cisco SIP Proxy"), pages.page());
            assertEquals("All tests succeeded", pages.text("result"));
            assertEquals("trusted", pages.table("presented").get(1).get(1));
            pages.shot("33-certificate-import-tool-installed");
            asAdmin().get("/api/v1/certificates/cup-trust/" + root.sha256()).then().statusCode(200)
                    .body("description", containsString("Certificate Import Tool: localhost:" + peer.port));
            asReadOnly().get("/api/v1/services").then()
                    .body("find { it.id == 'cisco-presence-engine' }.restartRequired", equalTo(true));
        }
    }

    @Test
    @Order(4)
    void aReadOnlyUserNeitherSavesNorRunsAndAForgedPostChangesNothing() {
        pages.post("/cmplatform/security-settings", Map.of("xmppServerToServerSanDomain", "")).statusCode(403)
                .body(containsString("csrf-token"));
        pages.go("logout");
        open("/cmplatform/certificates");
        pages.signIn(Api.READ_ONLY, Api.READ_ONLY_PASSWORD);
        open("/cmplatform/security-settings");
        assertFalse(pages.has("save"));
        assertFalse(pages.driver.findElement(By.id("xmppServerToServerSanDomain")).isEnabled());
        open("/cmplatform/certificate-import-tool");
        assertFalse(pages.has("submit"));
        pages.shot("34-read-only-import-tool");
        pages.post("/cmplatform/security-settings", Map.of("csrf-token", pages.token(), "xmppServerToServerSanDomain", ""))
                .statusCode(403).body(containsString("read-only access"));
        asReadOnly().get("/api/v1/security-settings").then().body("xmppServerToServerSanDomain", equalTo("federation.example.com"))
                .body("useDomainNameForXmppCertificateSan", equalTo(true));

        // The publisher's pages are not here: the API's refusal, and no such page.
        open("/cmplatform/authz");
        assertTrue(pages.driver.getPageSource().contains("Status 409"), pages.page());
        open("/cmplatform/ctl");
        assertTrue(pages.driver.getPageSource().contains("Status 404"), pages.page());
    }

    // --- helpers ---

    private void open(String path) {
        pages.open(base, path);
    }

    private void submit(String store, String host, int port) {
        new Select(pages.driver.findElement(By.id("trustStore"))).selectByValue(store);
        pages.driver.findElement(By.id("peerServer")).clear();
        pages.driver.findElement(By.id("peerServer")).sendKeys(host);
        pages.driver.findElement(By.id("port")).clear();
        pages.driver.findElement(By.id("port")).sendKeys(String.valueOf(port));
        pages.go("submit");
    }

    private Map<String, String> states() {
        return pages.table("tests").stream().collect(java.util.stream.Collectors.toMap(r -> r.get(0),
                r -> r.get(1)));
    }
}
