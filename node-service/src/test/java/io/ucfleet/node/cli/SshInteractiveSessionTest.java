package io.ucfleet.node.cli;

import static io.restassured.RestAssured.given;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.cli.ssh.SshCliServer;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SshClient;
import io.ucfleet.node.testing.TestCertificates;

/**
 * A scripted interactive session as tools drive it: {@code ssh -tt} (the server allocates a pty),
 * wait for {@code admin:}, write a command and LF, read to the next prompt. Judged by the API and
 * by {@code openssl s_client}.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class SshInteractiveSessionTest {
    static final String FQDN = "cucm-pub.ucfleet.test";

    @Inject
    SshCliServer ssh;
    @TestHTTPResource(value = "/", tls = true)
    URL https;

    SshClient.Interactive login() {
        var session = new SshClient(ssh.port(), Api.ADMIN, Api.ADMIN_PASSWORD, SshClient.PASSWORD).shell();
        String banner = session.expect(Cli.PROMPT);
        assertTrue(banner.contains("Welcome to the Platform Command Line Interface"), banner);
        return session;
    }

    /** The command's output: what follows the echoed command line, up to the next prompt. */
    static String run(SshClient.Interactive session, String command) {
        session.send(command + "\n");
        String echoedAndOutput = session.expect(Cli.PROMPT);
        assertTrue(echoedAndOutput.startsWith(command + "\r\n"), "echo of " + command + ": " + echoedAndOutput);
        return echoedAndOutput.substring(command.length() + 2, echoedAndOutput.length() - Cli.PROMPT.length());
    }

    @Test
    void aToolRegeneratesTomcatAndRestartsCiscoTomcatThenHttpsPresentsTheNewCertificate() {
        try (var session = login()) {
            assertEquals("", run(session, "set cli pagination off"));
            String own = run(session, "show cert list own");
            assertTrue(own.contains("tomcat/tomcat.pem: ") && own.endsWith("\r\n"), own);
            assertFalse(own.replace("\r\n", "").contains("\n"), "every line ends with CR LF: " + own);
            String shown = run(session, "show cert own tomcat");
            assertTrue(shown.contains("-----BEGIN CERTIFICATE-----\r\n") && shown.contains("-----END CERTIFICATE-----\r\n"), shown);

            session.send("set cert regen tomcat\n");
            String warning = session.expect("Proceed with regeneration (yes|no)? ");
            assertTrue(warning.contains("WARNING: This operation will overwrite any CA signed certificate previously"
                    + " imported for tomcat"), warning);
            session.send("yes\n");
            String regenerated = session.expect(Cli.PROMPT);
            assertTrue(regenerated.contains("Successfully Regenerated Certificate for tomcat."), regenerated);
            String newSerial = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("serialNumber");
            assertNotEquals(newSerial, servedSerial(), "HTTPS keeps the old certificate until Cisco Tomcat restarts");

            String restart = run(session, "utils service restart Cisco Tomcat");
            assertTrue(restart.contains("Cisco Tomcat[STOPPING]\r\n") && restart.endsWith("Cisco Tomcat[STARTED]\r\n"), restart);
            assertEquals(newSerial, servedSerial());

            session.send("exit\n");
            session.awaitEnd();
        }
    }

    @Test
    void aTrustCertificatePastedGoesThroughTheUploadRulesAndIntoTheChangeFeedThenIsDeletedOnYes() {
        var ca = TestCertificates.selfSignedCa("CLI pasted root");
        long head = feedHead();
        try (var session = login()) {
            session.send("set cert import trust tomcat\n");
            session.expect("Paste the Certificate and Hit Enter");
            session.send(ca.pem() + "\n");
            String imported = session.expect(Cli.PROMPT);
            assertTrue(imported.contains("Successfully imported certificate for tomcat.\r\n"
                    + "Please restart services related to tomcat for the new certificate to become active."), imported);
            String sha256 = asAdmin().get("/api/v1/certificates?unit=tomcat-trust&commonName=CLI pasted root").then()
                    .extract().path("items[0].sha256");
            String feed = given().auth().preemptive().basic("cluster", "cluster-password")
                    .get("/api/v1/replication/changes?after=" + head).then().statusCode(200).extract().asString();
            assertTrue(feed.contains(sha256) && feed.contains("tomcat-trust"), feed);

            String file = "CLI_pasted_root_" + ca.certificate().getSerialNumber().toString(16) + ".pem";
            assertTrue(run(session, "show cert list trust").contains("tomcat-trust/" + file + ": Trust certificate\r\n"));
            assertTrue(run(session, "show cert trust tomcat-trust/" + file).contains("Subject Name: CN=CLI pasted root"));

            session.send("set cert delete tomcat-trust " + file + "\n");
            session.expect("Proceed with the delete (yes|no)? ");
            session.send("no\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Delete cancelled; nothing changed."));
            assertEquals(1, trustCount("CLI pasted root"));

            session.send("set cert delete tomcat-trust " + file + "\n");
            session.expect("Proceed with the delete (yes|no)? ");
            session.send("yes\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Successfully deleted tomcat-trust/" + file + "."));
            assertEquals(0, trustCount("CLI pasted root"));
        }
    }

    static int trustCount(String commonName) {
        return asAdmin().get("/api/v1/certificates?unit=tomcat-trust&commonName=" + commonName).then().extract().path("total");
    }

    static long feedHead() {
        return given().auth().preemptive().basic("cluster", "cluster-password").get("/api/v1/replication/changes?after=0&limit=1")
                .then().statusCode(200).extract().jsonPath().getLong("head");
    }

    private String servedSerial() {
        return Openssl.servedSerial(https.getPort(), FQDN);
    }
}
