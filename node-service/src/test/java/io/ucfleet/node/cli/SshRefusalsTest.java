package io.ucfleet.node.cli;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;

import jakarta.inject.Inject;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.cli.ssh.HostKeys;
import io.ucfleet.node.cli.ssh.SshCliServer;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.SshClient;

/** Every refusal and bad input of the CLI prints an error or ends the session, and changes nothing. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class SshRefusalsTest {
    @Inject
    SshCliServer ssh;
    @Inject
    HostKeys hostKeys;

    SshClient admin() {
        return new SshClient(ssh.port(), Api.ADMIN, Api.ADMIN_PASSWORD, SshClient.PASSWORD);
    }

    SshClient.Interactive shell() {
        var session = admin().shell();
        session.expect(Cli.PROMPT);
        return session;
    }

    static String tomcat() {
        return asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
    }

    static int tomcatTrust() {
        return asAdmin().get("/api/v1/certificates?unit=tomcat-trust&size=1").then().extract().path("total");
    }

    @Test
    void anythingButYesAtTheRegenerationPromptChangesNothing() {
        String before = tomcat();
        try (var session = shell()) {
            for (String answer : new String[] {"no", "y", "yes please", "", "\u0003"}) {
                session.send("set cert regen tomcat\n");
                session.expect("Proceed with regeneration (yes|no)? ");
                session.send(answer.equals("\u0003") ? answer : answer + "\n");
                String out = session.expect(Cli.PROMPT);
                assertTrue(out.contains("Regeneration cancelled; nothing changed."), answer + ": " + out);
            }
        }
        assertEquals(before, tomcat());
    }

    @Test
    void yOrAnythingButYAtACtlPromptChangesNothing() {
        try (var session = shell()) {
            session.send("utils ctl update CTLFile\n");
            session.expect("Do you want to continue? (y/n):");
            session.send("yes\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Operation cancelled; nothing changed."));
        }
    }

    @Test
    void withoutCtlServiceOrClusterSyncConfiguredTheirCommandsSaySo() {
        var update = admin().exec("utils ctl update CTLFile", "y\n");
        assertEquals(1, update.exitCode());
        assertTrue(update.stdout().endsWith("Updating CTL file\nExecuted command unsuccessfully\nThis node has no ctl-service"
                + " configured (ucfleet.ctl.url), so it cannot reach the CTL files.\n"), update.stdout());
        var state = admin().exec("utils dbreplication runtimestate", null);
        assertEquals("Executed command unsuccessfully\nThis node has no cluster-sync configured (ucfleet.sync.url), so it"
                + " cannot show the replication state.\n", state.stdout());
    }

    @Test
    void unknownCommandsIncompleteCommandsAndWrongUnitsPrintAnErrorAndTheSessionGoesOn() {
        try (var session = shell()) {
            session.send("frobnicate the cluster\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Executed command unsuccessfully\r\nNo valid command entered\r\n"));
            session.send("show cert\n");
            String incomplete = session.expect(Cli.PROMPT);
            assertTrue(incomplete.contains("Incomplete command entered") && incomplete.contains("show cert list own"), incomplete);
            session.send("show cert own nosuchunit\n");
            String wrongUnit = session.expect(Cli.PROMPT);
            assertTrue(wrongUnit.contains("Executed command unsuccessfully\r\n\"nosuchunit\" is not an identity certificate"),
                    wrongUnit);
            session.send("show cert own tomcat extra\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Syntax: show cert own <unit>"));
            session.send("utils service restart Cisco Nothing\n");
            assertTrue(session.expect(Cli.PROMPT).contains("runs no service \"Cisco Nothing\""));
            session.send("show version active\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Active Master Version: 15.0.1.12900-234"));
        }
    }

    @Test
    void garbagePemPastedIsRefusedAndTheTrustStoreIsUnchanged() {
        int before = tomcatTrust();
        try (var session = shell()) {
            session.send("set cert import trust tomcat\n");
            session.expect("Paste the Certificate and Hit Enter");
            session.send("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n\n");
            String out = session.expect(Cli.PROMPT);
            assertTrue(out.contains("Executed command unsuccessfully"), out);
            assertTrue(!out.contains("Exception") && !out.contains("\tat "), "no stack trace: " + out);
        }
        assertEquals(before, tomcatTrust());
    }

    @Test
    void aPrivateKeyPastedAsAnIdentityIsRefusedWithoutEchoingIt() {
        String before = tomcat();
        try (var session = shell()) {
            session.send("set cert import own tomcat\n");
            session.expect("Paste the Certificate and Hit Enter");
            session.send("-----BEGIN PRIVATE KEY-----\nTUlJQ2VBSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbUl3Z2dKZUFnRUFBb0dCQU1=\n"
                    + "-----END PRIVATE KEY-----\n\n");
            String out = session.expect(Cli.PROMPT);
            assertTrue(out.contains("Executed command unsuccessfully"), out);
        }
        assertEquals(before, tomcat());
    }

    @Test
    void aMegabyteLineIsRefusedWithoutEchoingItAndTheSessionGoesOn() {
        byte[] line = new byte[1024 * 1024];
        Arrays.fill(line, (byte) 'a');
        try (var session = shell()) {
            session.send(line);
            session.send("\n");
            String out = session.expect(Cli.PROMPT);
            assertTrue(out.contains("The line is longer than 4096 characters; it was not run."), out.substring(out.length() - 200));
            assertTrue(out.length() < 8192, "the long line is not echoed back: " + out.length());
            session.send("show version active\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Active Master Version"));
        }
    }

    @Test
    void aMegabyteLinePastedAsACertificateImportsNothing() {
        int before = tomcatTrust();
        byte[] line = new byte[1024 * 1024];
        Arrays.fill(line, (byte) 'A');
        try (var session = shell()) {
            session.send("set cert import trust tomcat\n");
            session.expect("Paste the Certificate and Hit Enter");
            session.send("-----BEGIN CERTIFICATE-----\n");
            session.send(line);
            session.send("\n-----END CERTIFICATE-----\n\n");
            assertTrue(session.expect(Cli.PROMPT).contains("A pasted line is longer than the limit; nothing was imported."));
        }
        assertEquals(before, tomcatTrust());
    }

    @Test
    void ctrlCAbandonsTheTypedLineAndAPaste() {
        int before = tomcatTrust();
        try (var session = shell()) {
            session.send("set cert regen tom\u0003");
            assertTrue(session.expect(Cli.PROMPT).contains("^C"));
            session.send("set cert import trust tomcat\n");
            session.expect("Paste the Certificate and Hit Enter");
            session.send("-----BEGIN CERTIFICATE-----\n\u0003");
            assertTrue(session.expect(Cli.PROMPT).contains("Interrupted; nothing was imported."));
            session.send("show version active\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Active Master Version"));
        }
        assertEquals(before, tomcatTrust());
    }

    @Test
    void backspaceEditsTheLineAsATerminalDoes() {
        try (var session = shell()) {
            session.send("show versoin\u007f\u007f\u007fion active\n");
            assertTrue(session.expect(Cli.PROMPT).contains("Active Master Version"));
        }
    }

    @Test
    void aDroppedConnectionAtAPromptOrMidPasteChangesNothingAndLeavesNoSessionThread() {
        String identity = tomcat();
        int trust = tomcatTrust();
        var atPrompt = shell();
        atPrompt.send("set cert regen tomcat\n");
        atPrompt.expect("Proceed with regeneration (yes|no)? ");
        var midPaste = shell();
        midPaste.send("set cert import trust tomcat\n");
        midPaste.expect("Paste the Certificate and Hit Enter");
        midPaste.send("-----BEGIN CERTIFICATE-----\nMIIB\n");
        atPrompt.kill();
        midPaste.kill();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ssh.activeSessions() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, ssh.activeSessions(), "no CLI session thread is left");
        assertEquals(identity, tomcat());
        assertEquals(trust, tomcatTrust());
    }

    @Test
    void aReadOnlyAccountMayShowButNotChange() {
        String before = tomcat();
        var auditor = new SshClient(ssh.port(), Api.READ_ONLY, Api.READ_ONLY_PASSWORD, SshClient.PASSWORD);
        assertEquals(0, auditor.exec("show cert list own", null).exitCode());
        assertEquals(0, auditor.exec("utils service list", null).exitCode());
        assertEquals(0, auditor.exec("set cli pagination off", null).exitCode(), "a session setting, sent first by scripts");
        var refused = auditor.exec("set cert regen tomcat", "yes\n");
        assertEquals(1, refused.exitCode());
        assertEquals("Executed command unsuccessfully\nPermission denied: auditor has privilege level 0; this command"
                + " needs level 1.\n", refused.stdout());
        var restart = auditor.exec("utils service restart Cisco Tomcat", null);
        assertTrue(restart.stdout().startsWith("Executed command unsuccessfully\nPermission denied"), restart.stdout());
        assertEquals(before, tomcat());
    }

    @Test
    void theClusterServiceAccountHasNoCli() {
        var result = new SshClient(ssh.port(), "cluster", "cluster-password", SshClient.PASSWORD).exec("show version active", null);
        assertEquals(255, result.exitCode(), result.stdout());
        assertEquals("", result.stdout());
    }

    @Test
    void failedLoginsAreSlowedForThatAccountAndAddress() {
        var guesser = new SshClient(ssh.port(), "mallory", "guess", SshClient.PASSWORD);
        Duration first = guesser.exec("show version active", null).elapsed();
        guesser.exec("show version active", null);
        var third = guesser.exec("show version active", null);
        assertEquals(255, third.exitCode());
        // Two failures before it: the third waits 2 × 200 ms (%test login-delay) before it is even checked,
        // so it takes at least that long, and longer than the first (a difference alone is at the
        // mercy of how slow the first handshake happened to be).
        assertTrue(third.elapsed().compareTo(Duration.ofMillis(400)) >= 0, first + " then " + third.elapsed());
        assertTrue(third.elapsed().compareTo(first) > 0, first + " then " + third.elapsed());
        assertEquals(0, admin().exec("show version active", null).exitCode(), "another account is not slowed");
    }

    @Test
    void theHostKeyIsTheStoredOneAndStaysTheSame() {
        var stored = hostKeys.load().publicKey();
        assertEquals(stored, hostKeys.load().publicKey(), "read back, not generated again");
        String presented = SshClient.keyscan(ssh.port());
        assertTrue(presented.contains(PublicKeyEntry.toString(stored)), presented);
        assertNotEquals("", presented);
    }
}
