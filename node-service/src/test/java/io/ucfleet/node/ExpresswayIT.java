package io.ucfleet.node;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.sun.net.httpserver.HttpServer;

import io.restassured.specification.RequestSpecification;
import org.openqa.selenium.By;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.testing.TestCrls;

/**
 * A packaged Expressway-E node driven through the Expressway REST API as a script for a real
 * VCS drives it, openssl judging what comes back: one CSR in progress, PEM only, no wildcards,
 * and a trusted CA list that appends what it is given.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpresswayIT {
    private static final String CSR = "/api/provisioning/certs/generate_csr";
    private static final String SERVER = "/api/provisioning/certs/server";
    private static final String ROOT = "/api/provisioning/certs/root";
    private static final String CRL_PATH = "/api/provisioning/certs/crl";
    private static final String FQDN = "exp-e.ucfleet.test";
    private static final String CLUSTER_FQDN = "vcse.ucfleet.test";
    private static final String PEER_2 = "exp-e2.ucfleet.test";
    private static final String UC_NAMES = "/api/provisioning/certs/uc_names";
    private static final String RESTART = "/api/v1/services/expressway-tls-services/restart";
    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\R.*?-----END CERTIFICATE-----\\R?", Pattern.DOTALL);

    /** One packaged node for every step (CI time): the steps run in order and each leaves what the next expects. */
    private static NodeProcess node;

    @BeforeAll
    static void boot() throws Exception {
        node = new NodeProcess("exp-e", "expressway-e").property("ucfleet.node.expressway.cluster-fqdn", CLUSTER_FQDN)
                .property("ucfleet.node.expressway.peers", FQDN + "," + PEER_2)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_MONITOR", "it-monitor-password")
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_MONITOR", "read-only");
        node.start();
        node.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void destroy() throws Exception {
        if (node != null) {
            node.destroy();
        }
    }

    /** The node's temporary CA, PEM as {@code GET root} gives it: the trusted CA list's default (set by the first step). */
    private static String temporaryCa;

    /**
     * Seed 004, X8.1+: a new installation ships a temporary trusted CA and a server certificate
     * issued by it, which the HTTPS port presents. openssl verifies the one with the other.
     */
    @Test
    @Order(0)
    void aNewExpresswayShipsATemporaryCaAndAServerCertificateItIssued() throws Exception {
        List<String> list = certificates(node.asAdmin().get(ROOT).then().statusCode(200).extract().asString());
        assertEquals(1, list.size(), "the default list is the temporary CA alone");
        temporaryCa = list.get(0);
        String caText = Openssl.withInput(temporaryCa, "x509", "-noout", "-text").out();
        assertTrue(caText.contains("CA:TRUE") && caText.contains("Subject: O = Temporary CA "), caText);
        Path dir = Openssl.tempDir();
        Path caFile = Files.writeString(dir.resolve("temporary-ca.pem"), temporaryCa);
        String server = node.asAdmin().get(SERVER).then().statusCode(200).extract().asString();
        Path serverFile = Files.writeString(dir.resolve("default-server.pem"), server);
        var verified = Openssl.withInput(null, "verify", "-CAfile", caFile.toString(), "-purpose", "sslserver", serverFile.toString());
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
        verified = Openssl.withInput(null, "verify", "-CAfile", caFile.toString(), "-purpose", "sslclient", serverFile.toString());
        assertEquals(0, verified.exitCode(), "serverAuth and clientAuth: " + verified.stderr());
        String text = Openssl.withInput(server, "x509", "-noout", "-text").out();
        assertTrue(text.contains("Subject: ") && text.contains("CN = " + FQDN), text);
        assertTrue(text.contains("DNS:" + FQDN + ", DNS:" + CLUSTER_FQDN), "SAN = peer FQDN, cluster FQDN: " + text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertFalse(node.asAdmin().get(SERVER).then().extract().asString().contains("PRIVATE KEY"));
        // The HTTPS port presents it, and a client holding only the temporary CA verifies it by name.
        assertEquals(sha256(server), sha256(presented()));
        var session = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + node.https, "-servername", FQDN, "-CAfile",
                caFile.toString(), "-verify_hostname", FQDN, "-verify_return_error");
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(0));
    }

    @Test
    @Order(1)
    void anExpresswayKeepsOneCsrLoadsPemOnlyAndAppendsToItsTrustedCaListAsGiven() throws Exception {
        node.asAdmin().get("/api/v1/node").then().statusCode(200).body("role", equalTo("expressway-e"));
        node.api().auth().preemptive().basic("administrator", "wrong").get(SERVER).then().statusCode(401);
        node.api().get(ROOT).then().statusCode(401);
        var monitor = node.api().auth().preemptive().basic("monitor", "it-monitor-password");
        monitor.get(SERVER).then().statusCode(200).body(startsWith("-----BEGIN CERTIFICATE-----"));
        monitor.contentType("application/json").body("{}").post(CSR).then().statusCode(403);
        node.asAdmin().get(CSR).then().statusCode(404).contentType(containsString("json"))
                .body("type", equalTo("urn:ucfleet:problem:csr-not-found"));

        // No wildcard anywhere: the request is refused and no CSR is left in progress.
        csrRequest(Map.of("Additional_FQDNS", List.of("*.ucfleet.test"))).then().statusCode(400)
                .body("detail", containsString("*.ucfleet.test"));
        csrRequest(Map.of("Email", "not an address")).then().statusCode(400).body("detail", containsString("Email"));
        node.asAdmin().get(CSR).then().statusCode(404);

        // One CSR in progress: a second is refused until Discard CSR.
        Map<String, Object> fields = Map.of("Additional_FQDNS", List.of("exp-e-alias.ucfleet.test"), "Country", "US",
                "KeyLength", "2048", "DigestAlgorithm", "SHA256", "Organization", "Acme", "Email", "pki@ucfleet.test");
        String first = csrRequest(fields).then().statusCode(200).body("CSR", startsWith("-----BEGIN CERTIFICATE REQUEST-----"))
                .extract().path("CSR");
        csrRequest(fields).then().statusCode(409).body("type", equalTo("urn:ucfleet:problem:csr-in-progress"))
                .body("detail", containsString("Discard CSR"));
        assertEquals(first, node.asAdmin().get(CSR).then().statusCode(200).extract().asString());
        String firstSubject = Openssl.withInput(first, "req", "-noout", "-subject", "-nameopt", "RFC2253").out();
        assertTrue(firstSubject.contains("emailAddress=pki@ucfleet.test") && firstSubject.contains("CN=" + FQDN)
                && firstSubject.contains("O=Acme") && firstSubject.contains("C=US"), firstSubject);
        node.asAdmin().delete("/api/v1/identities/server/csr").then().statusCode(204);
        String csr = csrRequest(Map.of("KeyLength", 2048, "Organization", "Acme", "Additional_FQDNS",
                List.of("exp-e-alias.ucfleet.test"))).then().statusCode(200).extract().path("CSR");
        assertFalse(csr.equals(first), "Discard CSR started over");
        assertEquals(csr, node.asAdmin().get(CSR).then().statusCode(200).extract().asString());

        String text = Openssl.withInput(csr, "req", "-noout", "-text").out();
        assertTrue(text.contains("CN = " + FQDN) || text.contains("CN=" + FQDN), text);
        assertTrue(text.contains("DNS:" + FQDN + ", DNS:" + CLUSTER_FQDN + ", DNS:exp-e-alias.ucfleet.test"), text);
        assertFalse(text.contains("*"), text);

        // The trusted CA list appends what it is given: an intermediate without its root, once.
        OpensslCa root = OpensslCa.root("ucfleet expressway root");
        OpensslCa issuing = root.intermediate("ucfleet expressway issuing");
        int before = certificates(node.asAdmin().get(ROOT).then().statusCode(200).extract().asString()).size();
        upload(ROOT, issuing.certificate()).then().statusCode(200).body("Added.size()", equalTo(1));
        upload(ROOT, issuing.certificate()).then().statusCode(200).body("Added.size()", equalTo(0))
                .body("AlreadyPresent.size()", equalTo(1));
        List<String> list = certificates(node.asAdmin().get(ROOT).then().statusCode(200).extract().asString());
        assertEquals(before + 1, list.size());
        List<String> fingerprints = new ArrayList<>();
        for (String pem : list) {
            var read = Openssl.withInput(pem, "x509", "-noout", "-fingerprint", "-sha256");
            assertEquals(0, read.exitCode(), read.stderr());
            fingerprints.add(read.out().substring(read.out().indexOf('=') + 1).strip().replace(":", "").toLowerCase());
        }
        assertTrue(fingerprints.contains(issuing.sha256()), fingerprints.toString());
        // The native API holds the same rules: the root as DER is refused there too, and the list is unchanged.
        Path rootDer = Openssl.tempDir().resolve("root.der");
        assertEquals(0, Openssl.withInput(null, "x509", "-in", root.certificate().toString(), "-outform", "der", "-out",
                rootDer.toString()).exitCode());
        node.asAdmin().contentType("application/pkix-cert").body(Files.readAllBytes(rootDer))
                .post("/api/v1/trust-stores/trusted-ca-list/certificates").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:der-not-accepted"));
        assertEquals(list.size(), certificates(node.asAdmin().get(ROOT).then().extract().asString()).size());

        String presented = node.asAdmin().get(SERVER).then().statusCode(200).extract().asString();
        Path dir = Openssl.tempDir();
        Path csrFile = Files.writeString(dir.resolve("server.csr"), csr);

        // A wildcard in the signed certificate is refused too.
        Path wildExt = Files.writeString(dir.resolve("wild.cnf"), "subjectAltName=DNS:" + FQDN + ",DNS:*.ucfleet.test\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        Path wild = sign(issuing, csrFile, dir.resolve("wild.pem"), "-extfile", wildExt.toString());
        upload(SERVER, wild).then().statusCode(400).body("type", equalTo("urn:ucfleet:problem:wildcard-not-supported"));

        Path signed = sign(issuing, csrFile, dir.resolve("server.pem"), "-copy_extensions", "copy");
        Path der = dir.resolve("server.der");
        assertEquals(0, Openssl.withInput(null, "x509", "-in", signed.toString(), "-outform", "der", "-out", der.toString()).exitCode());
        upload(SERVER, der).then().statusCode(400).body("type", equalTo("urn:ucfleet:problem:der-not-accepted"))
                .body("detail", containsString("openssl x509 -inform der -in cert.der -out cert.pem"));

        // Malformed multipart, or none: 400 problem, nothing changed.
        String malformed = curl("-o", "/dev/null", "-w", "%{http_code} %{content_type}", "-u",
                "administrator:" + NodeProcess.ADMIN_PASSWORD, "-H", "Content-Type: multipart/form-data; boundary=xyz",
                "--data-binary", "not multipart at all", node.url() + SERVER);
        assertTrue(malformed.startsWith("400 application/problem+json"), malformed);
        node.asAdmin().multiPart("other", "x.pem", Files.readAllBytes(signed)).post(SERVER).then().statusCode(400)
                .body("detail", containsString("\"file\""));
        assertEquals(presented, node.asAdmin().get(SERVER).then().extract().asString(), "refusals change nothing");
        node.asAdmin().get(CSR).then().statusCode(200);

        upload(SERVER, signed).then().statusCode(200).body("Subject", containsString(FQDN))
                .body("Issuer", containsString("ucfleet expressway issuing"));
        String loaded = node.asAdmin().get(SERVER).then().statusCode(200).extract().asString();
        String fingerprint = Openssl.withInput(loaded, "x509", "-noout", "-fingerprint", "-sha256").out();
        assertEquals(Openssl.run("x509", "-in", signed.toString(), "-noout", "-fingerprint", "-sha256"), fingerprint);
        node.asAdmin().get(CSR).then().statusCode(404);
    }

    @Test
    @Order(2)
    void theTrustedCaListIsViewedDeletedAndResetAndLoadedCrlsRevokeWhatTheyList() throws Exception {
        var monitor = node.api().auth().preemptive().basic("monitor", "it-monitor-password");
        Path dir = Openssl.tempDir();
        OpensslCa ca = OpensslCa.root("ucfleet crl root");
        OpensslCa revokedPeer = ca.leaf("revoked-peer.ucfleet.test");
        OpensslCa goodPeer = ca.leaf("good-peer.ucfleet.test");
        OpensslCrlAuthority authority = new OpensslCrlAuthority(ca, dir);
        authority.revoke(revokedPeer);
        Path crl = authority.crl("crl1.pem");

        // View one: unknown fingerprints are 404 problems; read-only may look but not change.
        node.asAdmin().get(ROOT + "/" + "ab".repeat(32)).then().statusCode(404).contentType(containsString("problem+json"));
        node.asAdmin().get(ROOT + "/not-a-fingerprint").then().statusCode(404);

        // A trusted CA file with a CRL in it: the CA is appended, the CRL loaded as "Trusted CA certificate file".
        Path caFile = Files.writeString(dir.resolve("cafile.pem"), ca.pem() + Files.readString(crl));
        upload(ROOT, caFile).then().statusCode(200).body("Added.size()", equalTo(1)).body("CRLs.size()", equalTo(1));
        node.asAdmin().get(ROOT + "/" + ca.sha256()).then().statusCode(200).body("Issuer", equalTo("Matches Issuer"))
                .body("Validity", equalTo("Valid")).body("Decoded", containsString("CA:TRUE"));
        assertTrue(node.asAdmin().get(ROOT + "/decoded").then().statusCode(200).extract().asString()
                .contains("Subject: CN = ucfleet crl root"), "openssl's form of the name");
        var listed = node.asAdmin().get(CRL_PATH).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("Trusted CA certificate file"), listed.getList("Source"));
        assertEquals(List.of(1), listed.getList("Entries"));
        assertEquals(List.of(true), listed.getList("SignedByTrustedCA"));
        // The node serves the CRL back as loaded: openssl reads it, byte for byte the same.
        String served = node.asAdmin().get(CRL_PATH + "/" + listed.getList("Id").get(0)).then().statusCode(200).extract().asString();
        assertEquals(Openssl.run("crl", "-in", crl.toString(), "-noout", "-fingerprint", "-sha256"),
                Openssl.withInput(served, "crl", "-noout", "-fingerprint", "-sha256").out());

        // openssl is the oracle of revocation: the node says what openssl verify -crl_check says.
        assertRevocation(revokedPeer, "Revoked", ca, crl, "certificate revoked");
        assertRevocation(goodPeer, "Not revoked", ca, crl, "OK");

        // Malformed CRL files: 400 invalid-crl naming what is wrong, nothing changed.
        byte[] der = Files.readAllBytes(authority.der(crl));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN X509 CRL-----\nAAAA" + "B".repeat(60)
                + "\n-----END X509 CRL-----\n");
        upload(CRL_PATH, garbage).then().statusCode(400).contentType(containsString("problem+json"))
                .body("type", equalTo("urn:ucfleet:problem:invalid-crl")).body("detail", containsString("block 1"));
        Path derFile = Files.write(dir.resolve("crl.der"), der);
        upload(CRL_PATH, derFile).then().statusCode(400).body("detail", containsString("openssl crl -inform der"));
        upload(CRL_PATH, ca.certificate()).then().statusCode(400).body("detail", containsString("a certificate"));
        node.asAdmin().multiPart("other", "x.pem", der).post(CRL_PATH).then().statusCode(400).body("detail", containsString("\"file\""));
        monitor.multiPart("file", crl.toFile()).post(CRL_PATH).then().statusCode(403);
        assertEquals(1, node.asAdmin().get(CRL_PATH).then().extract().jsonPath().getList("Id").size(), "refusals change nothing");

        // A 100,000-entry CRL (BouncyCastle) as a manual upload: parsed, counted and stored in one request.
        TestCertificates.Issued bigCa = TestCertificates.selfSignedCa("ucfleet big crl CA");
        upload(ROOT, Files.writeString(dir.resolve("big-ca.pem"), bigCa.pem())).then().statusCode(200);
        List<java.math.BigInteger> serials = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            serials.add(java.math.BigInteger.valueOf(i));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path big = Files.writeString(dir.resolve("big.pem"), TestCrls.pem(TestCrls.crl(bigCa, now.minusSeconds(60),
                now.plus(1, ChronoUnit.DAYS), 9, serials, false)));
        long start = System.nanoTime();
        upload(CRL_PATH, big).then().statusCode(200).body("CRLs[0].Entries", equalTo(100_000));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("100,000-entry CRL (%d bytes PEM): upload, parse and store %d ms%n", Files.size(big), millis);
        assertTrue(millis < 30_000, millis + " ms");
        // ... and a revocation check against it: a serial it lists, and one it does not (every entry read)
        for (long serial : new long[] {99_999, 100_001}) {
            TestCertificates.Issued bigPeer = TestCertificates.issuedBy(bigCa, "big-peer-" + serial + ".ucfleet.test", false,
                    null, java.math.BigInteger.valueOf(serial));
            Path bigPeerPem = Files.writeString(dir.resolve("big-peer-" + serial + ".pem"), bigPeer.pem());
            check(bigPeerPem).then().statusCode(200); // warm
            long checkStart = System.nanoTime();
            check(bigPeerPem).then().statusCode(200).body("Result", equalTo(serial <= 100_000 ? "Revoked" : "Not revoked"));
            System.out.printf("100,000-entry CRL: revocation check of a serial %s %d ms%n", serial <= 100_000 ? "it lists"
                    : "it does not list", (System.nanoTime() - checkStart) / 1_000_000);
        }

        // A new manual file replaces the previous one; an expired CRL revokes every certificate of its CA.
        TestCertificates.Issued staleCa = TestCertificates.selfSignedCa("ucfleet stale crl CA");
        TestCertificates.Issued stalePeer = TestCertificates.issuedBy(staleCa, "stale-peer.ucfleet.test", false, null);
        upload(ROOT, Files.writeString(dir.resolve("stale-ca.pem"), staleCa.pem())).then().statusCode(200);
        Path stale = Files.writeString(dir.resolve("stale.pem"), TestCrls.pem(TestCrls.crl(staleCa,
                now.minus(9, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS), 3, List.of())));
        upload(CRL_PATH, stale).then().statusCode(200).body("Warnings[0]", containsString("expired"))
                .body("Message", containsString("replaced the previous CRL file (1 CRL(s))"));
        check(Files.writeString(dir.resolve("stale-peer.pem"), stalePeer.pem())).then().statusCode(200)
                .body("Result", equalTo("Revoked")).body("Certificates[0].Detail", containsString("expired"));
        node.asAdmin().delete(CRL_PATH).then().statusCode(200).body("Message", containsString("removed (1 CRL(s))"));
        assertEquals(List.of("Trusted CA certificate file"), node.asAdmin().get(CRL_PATH).then().extract().jsonPath().getList("Source"));

        // Automatic CRL updates from distribution points: DER served over HTTP; a dead point is recorded, not thrown.
        authority.revoke(goodPeer);
        Path crl2 = authority.crl("crl2.pem");
        HttpServer cdp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] served2 = Files.readAllBytes(authority.der(crl2));
        cdp.createContext("/ca.crl", exchange -> {
            exchange.sendResponseHeaders(200, served2.length);
            exchange.getResponseBody().write(served2);
            exchange.close();
        });
        cdp.start();
        try {
            int dead = io.ucfleet.fleet.process.ServiceProcess.freePorts(1)[0];
            String good = "http://127.0.0.1:" + cdp.getAddress().getPort() + "/ca.crl";
            String bad = "http://127.0.0.1:" + dead + "/gone.crl";
            node.asAdmin().contentType("application/json").body(Map.of("AutomaticCRLUpdates", "Enabled",
                    "DistributionPoints", List.of("ftp://ca.example/x.crl"), "DailyUpdateTime", "03:00")).put(CRL_PATH + "/automatic")
                    .then().statusCode(400).body("errors[0].field", equalTo("distributionPoints"));
            node.asAdmin().get(CRL_PATH + "/automatic").then().statusCode(200).body("AutomaticCRLUpdates", equalTo("Disabled"));
            node.asAdmin().contentType("application/json").body(Map.of("AutomaticCRLUpdates", "Enabled",
                    "DistributionPoints", List.of(good, bad), "DailyUpdateTime", "03:00")).put(CRL_PATH + "/automatic")
                    .then().statusCode(200).body("DistributionPoints.size()", equalTo(2));
            node.asAdmin().post(CRL_PATH + "/automatic/update").then().statusCode(200)
                    .body("Message", containsString("1 of 2")).body("DistributionPoints[1].Succeeded", equalTo(false));
            var automatic = node.asAdmin().get(CRL_PATH + "/automatic").then().statusCode(200).extract().jsonPath();
            assertTrue(automatic.getString("LastDownloads.find { it.URL == '" + bad + "' }.Detail").contains("cannot connect"),
                    automatic.prettify());
            assertRevocation(goodPeer, "Revoked", ca, crl2, "certificate revoked");
        } finally {
            cdp.stop(0);
        }

        // Delete the ticked ones: all or nothing, so an unknown fingerprint deletes none.
        int before = certificates(node.asAdmin().get(ROOT).then().extract().asString()).size();
        node.asAdmin().queryParam("sha256", sha256(bigCa.pem())).queryParam("sha256", "cd".repeat(32))
                .delete(ROOT).then().statusCode(404).body("detail", containsString("nothing was deleted"));
        node.asAdmin().delete(ROOT).then().statusCode(400);
        monitor.delete(ROOT + "/" + sha256(bigCa.pem())).then().statusCode(403);
        assertEquals(before, certificates(node.asAdmin().get(ROOT).then().extract().asString()).size());
        node.asAdmin().queryParam("sha256", sha256(bigCa.pem())).queryParam("sha256", sha256(staleCa.pem()))
                .delete(ROOT).then().statusCode(200).body("Deleted.size()", equalTo(2));
        assertEquals(before - 2, certificates(node.asAdmin().get(ROOT).then().extract().asString()).size());

        // Reset to default CA certificate: the list is the original one (the temporary CA) and the file's CRLs go with it.
        monitor.post(ROOT + "/reset").then().statusCode(403);
        node.asAdmin().post(ROOT + "/reset").then().statusCode(200).body("Removed.size()", equalTo(before - 3))
                .body("Restored.size()", equalTo(0));
        assertEquals(List.of(temporaryCa), certificates(node.asAdmin().get(ROOT).then().extract().asString()));
        assertFalse(node.asAdmin().get(CRL_PATH).then().extract().jsonPath().getList("Source").contains("Trusted CA certificate file"));
        // With its CA gone the downloaded CRL is no longer trusted: the status is unknown, not "not revoked".
        check(goodPeer.certificate()).then().statusCode(200).body("Result", equalTo("Revocation status unknown"));

        // SIP TLS: the Certificate revocation checking settings decide what an unknown status means.
        String sip = CRL_PATH + "/sip_revocation";
        node.asAdmin().get(sip).then().statusCode(200).body("CertificateRevocationCheckingMode", equalTo("Auto"))
                .body("FallbackBehavior", equalTo("Treat as not revoked"));
        check(goodPeer.certificate(), "sip-tls").then().body("Result", equalTo("Not revoked"))
                .body("Certificates[0].Detail", containsString("Treat as not revoked"));
        node.asAdmin().contentType("application/json").body(Map.of("FallbackBehavior", "Treat as revoked")).put(sip)
                .then().statusCode(200).body("FallbackBehavior", equalTo("Treat as revoked"));
        check(goodPeer.certificate(), "sip-tls").then().body("Result", equalTo("Revoked"));
        check(goodPeer.certificate(), "tls").then().body("Result", equalTo("Revocation status unknown"));
        node.asAdmin().contentType("application/json").body(Map.of("CertificateRevocationCheckingMode", "Sometimes")).put(sip)
                .then().statusCode(400).body("errors[0].field", equalTo("certificateRevocationCheckingMode"));
        node.api().auth().preemptive().basic("monitor", "it-monitor-password").contentType("application/json")
                .body(Map.of("CertificateRevocationCheckingMode", "Off")).put(sip).then().statusCode(403);
        node.asAdmin().get(sip).then().body("FallbackBehavior", equalTo("Treat as revoked"));
        node.asAdmin().contentType("application/json").body(Map.of("CertificateRevocationCheckingMode", "Off")).put(sip)
                .then().statusCode(200);
        check(goodPeer.certificate(), "sip-tls").then().body("Result", equalTo("Not checked"));
        check(goodPeer.certificate(), "ocsp").then().statusCode(400).body("errors[0].field", equalTo("purpose"));
    }

    private io.restassured.response.Response check(Path certificate, String purpose) {
        return node.asAdmin().multiPart("file", certificate.toFile()).multiPart("purpose", purpose).post(CRL_PATH + "/check");
    }

    /**
     * Seed 004's pages in a browser on the same node: Server certificate (Generate CSR, Discard
     * CSR), Trusted CA certificate (Append, View (decoded), Delete, Reset to default) and CRL
     * management (Save, Upload CRL file, Remove revocation list); each outcome checked through
     * the REST API. Read-only sees no change button and is refused when it posts; a POST without
     * the form's token is refused. Screenshots in target/screenshots/expressway-*.png.
     */
    @Test
    @Order(3)
    void theExpresswayPagesManageTheServerCertificateTheTrustedCaListAndCrls() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            org.junit.jupiter.api.Assertions.fail("The browser steps need Debian's Chromium at " + chromium + " and its driver at "
                    + chromedriver + ": apt-get install chromium chromium-driver");
        }
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        var options = new org.openqa.selenium.chrome.ChromeOptions().setBinary(chromium.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                        "--ignore-certificate-errors"); // the node presents its self-signed tomcat
        var service = new org.openqa.selenium.chrome.ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            shots = screenshots;
            Path dir = Openssl.tempDir();

            browser.get(node.url() + "/cmplatform/expressway/trusted-ca-certificate");
            assertTrue(browser.getCurrentUrl().contains("/cmplatform/login"), page());
            browser.findElement(By.id("j_username")).sendKeys("administrator");
            browser.findElement(By.id("j_password")).sendKeys(NodeProcess.ADMIN_PASSWORD);
            go(browser.findElement(By.id("login")));
            // The Certificate Management layout links to the Expressway pages on an Expressway.
            browser.get(node.url() + "/cmplatform/certificates");
            go(browser.findElement(By.id("nav-expressway")));
            assertTrue(browser.findElement(By.id("server-subject")).getText().contains(FQDN), page());
            shot("expressway-01-server-certificate");

            // Generate CSR, then Discard CSR.
            go(browser.findElement(By.id("generate-csr")));
            browser.findElement(By.id("organization")).sendKeys("Acme");
            browser.findElement(By.id("additionalNames")).sendKeys("exp-e-web.ucfleet.test");
            shot("expressway-02-generate-csr");
            go(browser.findElement(By.id("generate")));
            assertEquals("CSR generated", textOf("outcome"), page());
            String csr = node.asAdmin().get(CSR).then().statusCode(200).extract().asString();
            assertTrue(Openssl.withInput(csr, "req", "-noout", "-text").out().contains("DNS:exp-e-web.ucfleet.test"));
            go(browser.findElement(By.id("back")));
            assertEquals(1, browser.findElements(By.id("discard-csr")).size(), page());
            shot("expressway-03-csr-in-progress");
            go(browser.findElement(By.id("discard-csr")));
            node.asAdmin().get(CSR).then().statusCode(404);

            // Trusted CA certificate: Append a root and an intermediate, View (decoded), Delete the ticked one, Reset.
            OpensslCa root = OpensslCa.root("ucfleet page root");
            OpensslCa issuing = root.intermediate("ucfleet page issuing");
            Path caFile = Files.writeString(dir.resolve("cas.pem"), root.pem() + issuing.pem());
            browser.get(node.url() + "/cmplatform/expressway/trusted-ca-certificate");
            browser.findElement(By.id("file")).sendKeys(caFile.toAbsolutePath().toString());
            go(browser.findElement(By.id("append")));
            assertTrue(browser.getPageSource().contains("Appended"), page());
            go(browser.findElement(By.id("back")));
            assertEquals(3, browser.findElements(By.cssSelector("#trusted-cas td.subject")).size(), page());
            shot("expressway-04-trusted-ca-list");
            go(browser.findElement(By.id("view-" + issuing.sha256())));
            assertTrue(textOf("text").contains("Subject: CN = ucfleet page issuing"), page());
            shot("expressway-05-view-decoded");
            browser.navigate().back();
            browser.findElement(By.id("tick-" + issuing.sha256())).click();
            go(browser.findElement(By.id("delete")));
            assertTrue(textOf("outcome").contains("1 CA certificate(s) deleted"), page());
            List<String> left = certificates(node.asAdmin().get(ROOT).then().extract().asString());
            assertEquals(List.of(temporaryCa, Files.readString(root.certificate())).stream().map(ExpresswayIT::sha256).toList(),
                    left.stream().map(ExpresswayIT::sha256).toList());

            // CRL management: a bad distribution point is refused naming it; a CRL file is uploaded, listed, removed.
            browser.get(node.url() + "/cmplatform/expressway/crl-management");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("automaticUpdates"))).selectByValue("Enabled");
            browser.findElement(By.id("distributionPoints")).clear();
            browser.findElement(By.id("distributionPoints")).sendKeys("ldap://ca.example/cn=crl");
            go(browser.findElement(By.id("save")));
            assertTrue(textOf("detail").contains("only HTTP(S) distribution points"), page());
            shot("expressway-06-crl-settings-refused");
            // Unchanged: the two points the previous step saved.
            node.asAdmin().get(CRL_PATH + "/automatic").then().body("DistributionPoints.size()", equalTo(2));
            // Disabled with no points: saved, and the CRLs of the points no longer listed go.
            browser.get(node.url() + "/cmplatform/expressway/crl-management");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("automaticUpdates"))).selectByValue("Disabled");
            browser.findElement(By.id("distributionPoints")).clear();
            go(browser.findElement(By.id("save")));
            assertEquals("CRL update settings saved", textOf("outcome"));
            node.asAdmin().get(CRL_PATH + "/automatic").then().body("AutomaticCRLUpdates", equalTo("Disabled"))
                    .body("DistributionPoints.size()", equalTo(0)).body("LastDownloads.size()", equalTo(0));
            assertFalse(node.asAdmin().get(CRL_PATH).then().extract().jsonPath().getList("Source").contains("Automatic update"));
            OpensslCrlAuthority authority = new OpensslCrlAuthority(root, dir);
            authority.revoke(issuing);
            Path crl = authority.crl("page.crl.pem");
            browser.get(node.url() + "/cmplatform/expressway/crl-management");
            browser.findElement(By.id("file")).sendKeys(crl.toAbsolutePath().toString());
            go(browser.findElement(By.id("upload-crl")));
            go(browser.findElement(By.id("back")));
            assertEquals("1", browser.findElement(By.cssSelector("#crls td.entries")).getText(), page());
            assertTrue(browser.findElement(By.cssSelector("#crls td.issuer")).getText().contains("ucfleet page root"), page());
            shot("expressway-07-crl-management");
            check(issuing.certificate()).then().body("Result", equalTo("Revoked"));
            go(browser.findElement(By.id("remove-crl")));
            assertEquals(0, node.asAdmin().get(CRL_PATH).then().extract().jsonPath().getList("Id").size());

            // Configuration > SIP, Certificate revocation checking.
            go(browser.findElement(By.id("nav-sip")));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("mode"))).selectByVisibleText("Auto");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fallback"))).selectByVisibleText("Treat as not revoked");
            shot("expressway-08-sip-revocation-checking");
            go(browser.findElement(By.id("save")));
            node.asAdmin().get(CRL_PATH + "/sip_revocation").then().body("CertificateRevocationCheckingMode", equalTo("Auto"))
                    .body("FallbackBehavior", equalTo("Treat as not revoked"));

            go(browser.findElement(By.id("nav-trusted")));
            go(browser.findElement(By.id("reset-default")));
            assertEquals(List.of(temporaryCa), certificates(node.asAdmin().get(ROOT).then().extract().asString()));

            // Forged and read-only POSTs change nothing.
            node.asAdmin().multiPart("file", caFile.toFile()).post("/cmplatform/expressway/trusted-ca-certificate/append")
                    .then().statusCode(403).body(containsString("csrf-token"));
            var monitor = node.api().auth().preemptive().basic("monitor", "it-monitor-password");
            String readOnly = monitor.get("/cmplatform/expressway/crl-management").then().statusCode(200).extract().asString();
            assertFalse(readOnly.contains("id=\"upload-crl\"") || readOnly.contains("id=\"save\""), readOnly);
            assertFalse(monitor.get("/cmplatform/expressway/trusted-ca-certificate").then().statusCode(200).extract().asString()
                    .contains("id=\"append\""));
            monitor.formParam("csrf-token", "x").post("/cmplatform/expressway/trusted-ca-certificate/reset").then().statusCode(403);
            assertEquals(List.of(temporaryCa), certificates(node.asAdmin().get(ROOT).then().extract().asString()));

            // Upload server certificate data with "Select the server private key file": a key made outside the node,
            // without its trailing newline; the page warns, and keeps warning until a key file with one is loaded.
            OpensslCa pageCa = OpensslCa.root("ucfleet page key root");
            upload(ROOT, pageCa.certificate()).then().statusCode(200);
            Path pageKey = dir.resolve("page.key");
            Path pageCsr = dir.resolve("page.csr");
            assertEquals(0, Openssl.withInput(null, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", pageKey.toString(), "-subj", "/CN=" + FQDN, "-addext", "extendedKeyUsage=serverAuth,clientAuth",
                    "-out", pageCsr.toString()).exitCode());
            Path pageCertificate = sign(pageCa, pageCsr, dir.resolve("page.pem"), "-copy_extensions", "copy");
            Path pageKeyNoNewline = Files.writeString(dir.resolve("page-no-newline.key"), Files.readString(pageKey).stripTrailing());
            browser.get(node.url() + "/cmplatform/expressway/server-certificate");
            browser.findElement(By.id("private-key")).sendKeys(pageKeyNoNewline.toAbsolutePath().toString());
            browser.findElement(By.id("certificate")).sendKeys(pageCertificate.toAbsolutePath().toString());
            shot("expressway-09-server-certificate-with-key");
            go(browser.findElement(By.id("upload-server-certificate")));
            assertEquals("Server certificate loaded", textOf("outcome"), page());
            assertTrue(browser.getPageSource().contains("Mobile and Remote Access"), page());
            assertEquals(sha256(Files.readString(pageCertificate)), sha256(node.asAdmin().get(SERVER).then().extract().asString()));
            go(browser.findElement(By.id("back")));
            assertTrue(textOf("key-warning").contains("trailing newline"), page());
            shot("expressway-10-key-file-warning");
            node.asAdmin().multiPart("file", pageCertificate.toFile()).multiPart("privateKey", pageKey.toFile()).post(SERVER)
                    .then().statusCode(200);
            browser.navigate().refresh();
            assertEquals(0, browser.findElements(By.id("key-warning")).size(), page());

            // Reset to default server certificate: the temporary CA issues it again.
            go(browser.findElement(By.id("reset-server-certificate")));
            assertEquals("Server certificate reset to default", textOf("outcome"), page());
            node.asAdmin().get(SERVER).then().statusCode(200);
            Path resetPem = Files.writeString(dir.resolve("page-reset.pem"), node.asAdmin().get(SERVER).then().extract().asString());
            var verified = Openssl.withInput(null, "verify", "-CAfile", Files.writeString(dir.resolve("page-temporary-ca.pem"),
                    temporaryCa).toString(), resetPem.toString());
            assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
            shot("expressway-11-server-certificate-reset");

            // Certificate utilities: a DER file shown as PEM, and decoded, as openssl does.
            Path der = dir.resolve("page-reset.cer");
            assertEquals(0, Openssl.withInput(null, "x509", "-in", resetPem.toString(), "-outform", "DER", "-out", der.toString())
                    .exitCode());
            go(browser.findElement(By.id("nav-utilities")));
            browser.findElement(By.id("der-file")).sendKeys(der.toAbsolutePath().toString());
            shot("expressway-12-certificate-utilities");
            go(browser.findElement(By.id("der-to-pem")));
            assertEquals(Openssl.run("x509", "-in", der.toString(), "-inform", "DER", "-outform", "PEM").strip(),
                    textOf("text").strip(), page());
            browser.get(node.url() + "/cmplatform/expressway/certificate-utilities");
            browser.findElement(By.id("decode-file")).sendKeys(der.toAbsolutePath().toString());
            go(browser.findElement(By.id("decode")));
            assertTrue(textOf("text").contains("Issuer: O = Temporary CA "), page());
        } finally {
            browser.quit();
        }
    }

    /**
     * Seed 004, "Loading a server certificate and private key": a key and CSR made outside the
     * node ({@code openssl req -newkey}), signed by a lab CA, loaded with the key. Refused, each
     * changing nothing: a password-protected key (both PEM forms), a key of another certificate,
     * a key while a CSR is in progress, and without a key a certificate of another key. A key
     * file without a trailing newline is loaded with a warning the node keeps until a key with
     * one is loaded. The HTTPS port presents the new certificate only after the restart.
     */
    @Test
    @Order(4)
    void aServerCertificateIsLoadedWithAnExternalPrivateKeyAndPresentedAfterTheRestart() throws Exception {
        Path dir = Openssl.tempDir();
        OpensslCa lab = OpensslCa.root("ucfleet external key root");
        upload(ROOT, lab.certificate()).then().statusCode(200);
        Path key = dir.resolve("external.key");
        Path csr = dir.resolve("external.csr");
        var made = Openssl.withInput(null, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-subj", "/CN=" + FQDN,
                "-addext", "subjectAltName=DNS:" + FQDN + ",DNS:" + CLUSTER_FQDN, "-addext", "extendedKeyUsage=serverAuth,clientAuth",
                "-out", csr.toString());
        assertEquals(0, made.exitCode(), made.stderr());
        Path certificate = sign(lab, csr, dir.resolve("external.pem"), "-copy_extensions", "copy");
        String keyPem = Files.readString(key);
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----") && keyPem.endsWith("\n"), "openssl writes PKCS#8 with a newline");
        String before = node.asAdmin().get(SERVER).then().statusCode(200).extract().asString();

        // Password protected, in PKCS#8 and in the traditional form: refused.
        Path encrypted = dir.resolve("encrypted.key");
        assertEquals(0, Openssl.withInput(null, "pkey", "-in", key.toString(), "-aes256", "-passout", "pass:secret", "-out",
                encrypted.toString()).exitCode());
        assertTrue(Files.readString(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        Path traditional = dir.resolve("traditional.key");
        var t = Openssl.withInput(null, "rsa", "-in", key.toString(), "-aes128", "-traditional", "-passout", "pass:secret", "-out",
                traditional.toString());
        assertEquals(0, t.exitCode(), t.stderr());
        assertTrue(Files.readString(traditional).contains("Proc-Type: 4,ENCRYPTED"));
        for (Path protectedKey : List.of(encrypted, traditional)) {
            withKey(certificate, "private_key", protectedKey).then().statusCode(400).contentType(containsString("problem+json"))
                    .body("type", equalTo("urn:ucfleet:problem:private-key-password-protected"))
                    .body("detail", containsString("must not be password protected"));
        }
        // Another certificate's key.
        Path other = dir.resolve("other.key");
        assertEquals(0, Openssl.withInput(null, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                other.toString()).exitCode());
        withKey(certificate, "private_key", other).then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:private-key-mismatch")).body("detail", containsString(FQDN));
        // Not PEM: a 400 naming the file.
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        withKey(certificate, "private_key", garbage).then().statusCode(400).body("type", equalTo("urn:ucfleet:problem:invalid-private-key"));
        // Without a key and without a CSR in progress, the certificate must be the key in use's.
        upload(SERVER, certificate).then().statusCode(400).body("type", equalTo("urn:ucfleet:problem:private-key-mismatch"))
                .body("detail", containsString("private key in use"));
        // "You cannot upload a server private key if a certificate signing request is in progress."
        csrRequest(Map.of()).then().statusCode(200);
        withKey(certificate, "private_key", key).then().statusCode(409).body("type", equalTo("urn:ucfleet:problem:csr-in-progress"))
                .body("detail", containsString("cannot upload a server private key"));
        node.asAdmin().get(CSR).then().statusCode(200);
        node.asAdmin().delete("/api/v1/identities/server/csr").then().statusCode(204);
        assertEquals(before, node.asAdmin().get(SERVER).then().extract().asString(), "refusals change nothing");
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(0));

        // Loaded with a key file lacking its trailing newline: accepted, with the seed's warning, kept by the node.
        String restart = RESTART;
        node.asAdmin().post(restart).then().statusCode(200);
        String servedBefore = presented();
        Path noNewline = Files.writeString(dir.resolve("no-newline.key"), keyPem.stripTrailing());
        withKey(certificate, "private_key", noNewline).then().statusCode(200).body("Subject", containsString(FQDN))
                .body("Issuer", containsString("ucfleet external key root"))
                .body("Warnings[0]", containsString("Mobile and Remote Access"));
        String fingerprint = Openssl.run("x509", "-in", certificate.toString(), "-noout", "-fingerprint", "-sha256");
        assertEquals(fingerprint, Openssl.withInput(node.asAdmin().get(SERVER).then().extract().asString(), "x509", "-noout",
                "-fingerprint", "-sha256").out());
        node.asAdmin().get("/api/v1/node").then().body("warnings[0]", containsString("trailing newline"));
        node.asAdmin().get("/api/v1/services").then().body("find { it.id == 'expressway-tls-services' }.restartRequired", equalTo(true));
        // "You must restart ... for any new uploaded server certificate to take effect."
        assertEquals(servedBefore, presented(), "the HTTPS port still presents the previous certificate");
        node.asAdmin().post(restart).then().statusCode(200);
        String served = presented();
        assertEquals(fingerprint, Openssl.withInput(served, "x509", "-noout", "-fingerprint", "-sha256").out());
        assertEquals(Openssl.run("pkey", "-in", key.toString(), "-pubout"), Openssl.withInput(served, "x509", "-noout", "-pubkey").out(),
                "the HTTPS port proves the uploaded key");
        var verified = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + node.https, "-servername", FQDN, "-CAfile",
                lab.certificate().toString(), "-verify_hostname", FQDN, "-verify_return_error");
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());

        // Renewed for the same key without a key file: the key in use, and its missing newline, stay.
        Path renewed = sign(lab, csr, dir.resolve("renewed.pem"), "-copy_extensions", "copy");
        upload(SERVER, renewed).then().statusCode(200).body("Warnings[0]", containsString("trailing newline"));
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(1));
        // The same key with its newline, as the page's field name: the warning is gone.
        withKey(renewed, "privateKey", key).then().statusCode(200).body("Warnings", org.hamcrest.Matchers.nullValue());
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(0));

        // The key is in no answer, log or audit event.
        String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        String audit = node.asAdmin().get("/api/v1/audit-log").then().statusCode(200).extract().asString();
        String log = node.logText();
        for (String text : List.of(audit, log, node.asAdmin().get(SERVER).then().extract().asString())) {
            assertFalse(text.contains("PRIVATE KEY") || text.contains(body.substring(0, 40)), "key material leaked");
        }
        assertTrue(audit.contains("POST " + SERVER), audit);
    }

    /**
     * Seed 004, appendix 2, literally: openssl_request.cfg with {@code req_extensions = v3_req},
     * {@code extendedKeyUsage=serverAuth, clientAuth} and a SAN of the cluster and every peer;
     * {@code openssl genrsa}, {@code openssl req ... -outform DER -sha1}; a demoCA with
     * {@code copy_extensions = copy}, {@code policy_anything} and {@code dir = .}, a passphrase
     * protected 4096-bit CA key, {@code openssl ca ... -md sha1}. The certificate and key are
     * loaded and presented after the restart. Then the node's own CSR, with the UC names, signed
     * by the same {@code openssl ca}; and the resets to the defaults.
     */
    @Test
    @Order(5)
    void theOpensslOnlyPathOfAppendix2AndTheNodesCsrWithItsUcNamesAreSignedByOpensslCa() throws Exception {
        Path work = Openssl.tempDir();
        Path system = Path.of("/usr/lib/ssl/openssl.cnf");
        assertTrue(Files.isReadable(system), "the appendix copies the system's openssl.cnf: " + system);
        String cnf = Files.readString(system);
        String request = edit(cnf, "# req_extensions = v3_req", "req_extensions = v3_req");
        request = edit(request, "[ v3_ca ]", "extendedKeyUsage=serverAuth, clientAuth\nsubjectAltName=\"DNS:" + CLUSTER_FQDN
                + ",DNS:" + FQDN + ",DNS:" + PEER_2 + "\"\n\n[ v3_ca ]");
        Files.writeString(work.resolve("openssl_request.cfg"), request);
        run(work, "genrsa", "-out", "privatekey.pem", "2048");
        run(work, "req", "-new", "-key", "privatekey.pem", "-config", "openssl_request.cfg", "-out", "certcsr.der", "-outform",
                "DER", "-sha1", "-subj", "/C=US/ST=CA/L=San Jose/O=ucfleet/OU=UC/CN=" + CLUSTER_FQDN);
        String decodedRequest = run(work, "req", "-text", "-noout", "-in", "certcsr.der", "-inform", "DER");
        assertTrue(decodedRequest.contains("DNS:" + CLUSTER_FQDN + ", DNS:" + FQDN + ", DNS:" + PEER_2), decodedRequest);

        Path demoCa = Files.createDirectories(work.resolve("demoCA"));
        for (String sub : List.of("certs", "newcerts", "private")) {
            Files.createDirectories(demoCa.resolve(sub));
        }
        Files.writeString(demoCa.resolve("index.txt"), "");
        Files.writeString(demoCa.resolve("serial"), "10\n");
        String local = edit(cnf, "# copy_extensions = copy", "copy_extensions = copy");
        local = edit(local, "policy\t\t= policy_match", "policy\t\t= policy_anything");
        local = edit(local, "dir\t\t= ./demoCA\t\t# Where everything is kept", "dir\t\t= .\t\t# Where everything is kept");
        local = edit(local, "default_days\t= 365", "default_days\t= 3650");
        Files.writeString(demoCa.resolve("openssl_local.cfg"), local);
        run(demoCa, "genrsa", "-aes256", "-passout", "pass:appendix-2", "-out", "private/cakey.pem", "4096");
        run(demoCa, "req", "-new", "-x509", "-days", "3650", "-key", "private/cakey.pem", "-passin", "pass:appendix-2", "-config",
                "openssl_local.cfg", "-sha1", "-extensions", "v3_ca", "-subj", "/C=US/O=ucfleet/CN=ucfleet appendix 2 CA", "-out",
                "cacert.pem");
        Files.copy(work.resolve("certcsr.der"), demoCa.resolve("certcsr.der"));
        run(demoCa, "req", "-in", "certcsr.der", "-inform", "DER", "-out", "certcsr.pem", "-outform", "PEM");
        run(demoCa, "ca", "-batch", "-passin", "pass:appendix-2", "-config", "openssl_local.cfg", "-cert", "cacert.pem", "-keyfile",
                "private/cakey.pem", "-in", "certcsr.pem", "-out", "certs/server.pem", "-md", "sha1");
        Path server = demoCa.resolve("certs/server.pem");
        String signedText = run(demoCa, "x509", "-in", "certs/server.pem", "-noout", "-text");
        assertTrue(signedText.contains("TLS Web Server Authentication, TLS Web Client Authentication")
                && signedText.contains("DNS:" + PEER_2), "copy_extensions = copy kept the EKU and SAN: " + signedText);

        // Loaded with its key: the CA first (certificates presented must chain to the list), no CSR in progress.
        upload(ROOT, demoCa.resolve("cacert.pem")).then().statusCode(200).body("Added.size()", equalTo(1));
        node.asAdmin().get(CSR).then().statusCode(404);
        node.asAdmin().multiPart("file", server.toFile()).multiPart("private_key", work.resolve("privatekey.pem").toFile())
                .post(SERVER).then().statusCode(200).body("Issuer", containsString("ucfleet appendix 2 CA"))
                .body("Warnings", org.hamcrest.Matchers.nullValue());
        node.asAdmin().post(RESTART).then().statusCode(200);
        assertEquals(sha256(Files.readString(server)), sha256(presented()), "the HTTPS port presents the appendix's certificate");
        assertEquals(run(work, "pkey", "-in", "privatekey.pem", "-pubout"),
                Openssl.withInput(presented(), "x509", "-noout", "-pubkey").out());
        // A shared certificate naming one peer but not the other is loaded, with the seed's warning.
        Path partial = Files.writeString(work.resolve("partial.cnf"), "subjectAltName=DNS:" + CLUSTER_FQDN + ",DNS:" + PEER_2 + "\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        Path partialCsr = work.resolve("partial.csr");
        run(work, "req", "-new", "-key", "privatekey.pem", "-subj", "/CN=" + CLUSTER_FQDN, "-out", partialCsr.toString());
        Path shared = work.resolve("partial.pem");
        run(demoCa, "x509", "-req", "-in", partialCsr.toString(), "-CA", "cacert.pem", "-CAkey", "private/cakey.pem", "-passin",
                "pass:appendix-2", "-set_serial", "77", "-days", "30", "-extfile", partial.toString(), "-out", shared.toString());
        upload(SERVER, shared).then().statusCode(200).body("Warnings[0]", containsString("[" + FQDN + "]"))
                .body("Warnings[0]", containsString("shared across cluster peers"));

        // UC names (Expressway-E: the UC domains, and the chat node aliases with XMPP federation): bad input changes nothing.
        var monitor = node.api().auth().preemptive().basic("monitor", "it-monitor-password");
        node.asAdmin().get(UC_NAMES).then().statusCode(200).body("Domains.size()", equalTo(0)).body("XmppFederation", equalTo("Off"))
                .body("ChatNodeAliases.size()", equalTo(0));
        monitor.contentType("application/json").body(Map.of("Domains", List.of("example.com"))).put(UC_NAMES).then().statusCode(403);
        ucNames(Map.of("Domains", List.of("*.example.com"))).then().statusCode(400)
                .contentType(containsString("problem+json")).body("errors[0].field", equalTo("Domains"))
                .body("detail", containsString("wildcard"));
        ucNames(Map.of("PhoneSecurityProfiles", List.of("secure-phone.example.com"))).then().statusCode(400)
                .body("errors[0].field", equalTo("PhoneSecurityProfiles")).body("detail", containsString("Expressway-E"));
        ucNames(Map.of("Domain", List.of("example.com"))).then().statusCode(400).body("errors[0].field", equalTo("Domain"));
        ucNames(Map.of("Domains", List.of("not a name"))).then().statusCode(400).body("detail", containsString("not a name"));
        ucNames(Map.of("XmppFederation", "maybe")).then().statusCode(400).body("errors[0].field", equalTo("XmppFederation"));
        node.asAdmin().get(UC_NAMES).then().body("Domains.size()", equalTo(0));
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(0));
        ucNames(Map.of("Domains", List.of("example.com", "presence.example.com"), "XmppFederation", "On", "ChatNodeAliases",
                "conference-1.imp.example.com")).then().statusCode(200)
                .body("SubjectAlternativeNames", equalTo(List.of("example.com", "presence.example.com", "conference-1.imp.example.com")))
                .body("MissingFromServerCertificate.size()", equalTo(3));
        // Changing them marks the server certificate as needing renewal, on the node and its Server certificate page.
        node.asAdmin().get("/api/v1/node").then().body("warnings[0]", containsString("needs renewal"))
                .body("warnings[0]", containsString("presence.example.com"));
        String page = node.asAdmin().get("/cmplatform/expressway/server-certificate").then().statusCode(200).extract().asString();
        assertTrue(page.contains("needs renewal") && page.contains("id=\"reset-server-certificate\""), page);

        // The node's CSR has them in its SAN; signed by the same openssl ca, loaded: the warning is gone.
        String csr = csrRequest(Map.of("Organization", "ucfleet")).then().statusCode(200).extract().path("CSR");
        Path csrFile = Files.writeString(demoCa.resolve("node.csr.pem"), csr);
        String csrText = Openssl.withInput(csr, "req", "-text", "-noout").out();
        assertTrue(csrText.contains("DNS:" + FQDN + ", DNS:" + CLUSTER_FQDN + ", DNS:example.com, DNS:presence.example.com,"
                + " DNS:conference-1.imp.example.com"), csrText);
        run(demoCa, "ca", "-batch", "-passin", "pass:appendix-2", "-config", "openssl_local.cfg", "-cert", "cacert.pem", "-keyfile",
                "private/cakey.pem", "-in", csrFile.toString(), "-out", "certs/node.pem", "-md", "sha256");
        upload(SERVER, demoCa.resolve("certs/node.pem")).then().statusCode(200).body("Warnings", org.hamcrest.Matchers.nullValue());
        node.asAdmin().get("/api/v1/node").then().body("warnings.size()", equalTo(0));
        node.asAdmin().get(UC_NAMES).then().body("MissingFromServerCertificate.size()", equalTo(0));
        node.asAdmin().post(RESTART).then().statusCode(200);
        assertEquals(sha256(Files.readString(demoCa.resolve("certs/node.pem"))), sha256(presented()));

        // Utilities (appendices 3 and 4): the served certificate decoded as openssl prints it, DER to PEM as openssl converts.
        String served = presented();
        Path servedPem = Files.writeString(work.resolve("served.pem"), served);
        Path servedDer = work.resolve("served.cer");
        run(work, "x509", "-in", servedPem.toString(), "-outform", "DER", "-out", servedDer.toString());
        String decoded = node.asAdmin().multiPart("file", servedDer.toFile()).post("/api/provisioning/certs/utilities/decode")
                .then().statusCode(200).extract().asString();
        assertEquals(run(work, "x509", "-text", "-noout", "-inform", "DER", "-in", servedDer.toString()), decoded);
        // Read-only may use them: they change nothing.
        node.api().auth().preemptive().basic("monitor", "it-monitor-password").multiPart("file", servedPem.toFile())
                .post("/api/provisioning/certs/utilities/decode").then().statusCode(200);
        String pem = node.asAdmin().multiPart("file", servedDer.toFile()).post("/api/provisioning/certs/utilities/der_to_pem")
                .then().statusCode(200).extract().asString();
        assertEquals(run(work, "x509", "-in", servedDer.toString(), "-inform", "DER", "-out", "-", "-outform", "PEM"), pem);
        node.asAdmin().multiPart("file", work.resolve("privatekey.pem").toFile()).post("/api/provisioning/certs/utilities/decode")
                .then().statusCode(400).contentType(containsString("problem+json"))
                .body("type", equalTo("urn:ucfleet:problem:not-a-certificate")).body("detail", containsString("private key"))
                .body("detail", org.hamcrest.Matchers.not(containsString("MII")));
        node.asAdmin().multiPart("file", servedPem.toFile()).post("/api/provisioning/certs/utilities/der_to_pem").then()
                .statusCode(400).body("detail", containsString("already PEM"));
        node.asAdmin().multiPart("other", servedPem.toFile()).post("/api/provisioning/certs/utilities/decode").then().statusCode(400)
                .body("detail", containsString("\"file\""));
        assertTrue(node.asAdmin().get("/cmplatform/expressway/certificate-utilities").then().statusCode(200).extract().asString()
                .contains("id=\"der-to-pem\""));

        // Reset to default server certificate: one of the temporary CA again, presented after the restart; the UC names
        // it lacks make it need renewal.
        node.api().auth().preemptive().basic("monitor", "it-monitor-password").post(SERVER + "/reset").then()
                .statusCode(403);
        node.asAdmin().post(SERVER + "/reset").then().statusCode(200).body("Issuer", containsString("Temporary CA"))
                .body("Warnings[0]", containsString("needs renewal"));
        String reset = node.asAdmin().get(SERVER).then().extract().asString();
        Path caFile = Files.writeString(work.resolve("temporary-ca.pem"), temporaryCa);
        Path resetFile = Files.writeString(work.resolve("reset.pem"), reset);
        var verified = Openssl.withInput(null, "verify", "-CAfile", caFile.toString(), resetFile.toString());
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
        assertFalse(sha256(reset).equals(sha256(presented())), "used after the restart");
        node.asAdmin().post(RESTART).then().statusCode(200);
        assertEquals(sha256(reset), sha256(presented()));
        node.asAdmin().get("/api/v1/node").then().body("warnings[0]", containsString("needs renewal"));

        // Reset to default CA certificate after the temporary CA was deleted: it is put back.
        node.asAdmin().delete(ROOT + "/" + sha256(temporaryCa)).then().statusCode(200);
        node.asAdmin().post(ROOT + "/reset").then().statusCode(200).body("Restored.size()", equalTo(1));
        assertEquals(List.of(sha256(temporaryCa)), certificates(node.asAdmin().get(ROOT).then().extract().asString()).stream()
                .map(ExpresswayIT::sha256).toList());
    }

    private static io.restassured.response.Response ucNames(Map<String, Object> body) {
        return node.asAdmin().contentType("application/json").body(body).put(UC_NAMES);
    }

    /** The appendix's edits of openssl.cnf; each must find its line, or the test would run another configuration. */
    private static String edit(String text, String line, String replacement) {
        assertTrue(text.contains(line), "openssl.cnf has no line " + line);
        return text.replace(line, replacement);
    }

    private static String run(Path directory, String... args) {
        var result = Openssl.inDirectory(directory, args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.stderr());
        return result.stdout();
    }

    @Test
    @Order(6)
    void aSipTlsZoneChecksItsPeerOverTlsAndShowsActiveOrFailedWithTheReason() throws Exception {
        String zones = "/api/provisioning/zones";
        var monitor = node.api().auth().preemptive().basic("monitor", "it-monitor-password");
        OpensslCa ca = OpensslCa.root("ucfleet zone root");
        // the SIP revocation settings' defaults (Treat as not revoked): the peer's certificate names no CDP or OCSP
        node.asAdmin().contentType("application/json").body("{}").put(CRL_PATH + "/sip_revocation").then().statusCode(200);
        upload(ROOT, Files.writeString(Openssl.tempDir().resolve("zone-ca.pem"), ca.pem())).then().statusCode(200);
        try (io.ucfleet.node.testing.TlsPeer peer = io.ucfleet.node.testing.TlsPeer.sServer(ca.leaf("localhost"), null)) {
            // Every bad input is a 400 naming the members, and nothing is stored.
            node.asAdmin().contentType("application/json").body("{}").post(zones).then().statusCode(400)
                    .contentType(containsString("problem+json")).body("type", equalTo("urn:ucfleet:problem:invalid-request"))
                    .body("errors.field", equalTo(List.of("Name", "Type", "PeerAddress")));
            node.asAdmin().contentType("application/json").body(Map.of("Name", "peer-vcs", "Type", "DNS", "PeerAddress",
                    "*.ucfleet.test", "Port", 70000, "TLSVerifyMode", "maybe")).post(zones).then().statusCode(400)
                    .body("errors.field", equalTo(List.of("Type", "PeerAddress", "Port", "TLSVerifyMode")));
            for (String bad : List.of("[1]", "not json", "{\"Name\": {\"a\": 1}}")) {
                node.asAdmin().contentType("application/json").body(bad).post(zones).then().statusCode(400)
                        .contentType(containsString("problem+json"));
            }
            node.asAdmin().get(zones).then().statusCode(200).body("size()", equalTo(0));

            // A neighbor zone with TLS verify mode On to a peer whose certificate the trusted CA list signed.
            Map<String, Object> zone = Map.of("Name", "peer-vcs", "Type", "Neighbor", "PeerAddress", "localhost", "Port",
                    peer.port, "TLSVerifyMode", "On");
            node.asAdmin().contentType("application/json").body(zone).post(zones).then().statusCode(201)
                    .body("Type", equalTo("Neighbor")).body("TLSVerifyMode", equalTo("On"));
            node.asAdmin().contentType("application/json").body(zone).post(zones).then().statusCode(409)
                    .body("type", equalTo("urn:ucfleet:problem:zone-exists"));
            node.asAdmin().post(zones + "/peer-vcs/check").then().statusCode(200).body("Status", equalTo("Active"))
                    .body("Reason", org.hamcrest.Matchers.nullValue()).body("Detail", containsString("Treat as not revoked"));
            monitor.get(zones + "/peer-vcs").then().statusCode(200).body("Status", equalTo("Active"));
            monitor.contentType("application/json").body(zone).post(zones).then().statusCode(403);
            monitor.post(zones + "/peer-vcs/check").then().statusCode(403);

            // The Zones page: New zone, Check now (Active), Delete, as an administrator sees them.
            zonesPage(peer.port);

            // The same peer by IP address: its certificate names only DNS:localhost (appendix 1: configure FQDNs).
            node.asAdmin().contentType("application/json").body(Map.of("PeerAddress", "127.0.0.1")).put(zones + "/peer-vcs")
                    .then().statusCode(200).body("Status", equalTo("Checking")).body("Port", equalTo(peer.port));
            node.asAdmin().post(zones + "/peer-vcs/check").then().statusCode(200).body("Status", equalTo("Failed"))
                    .body("Reason", equalTo("name-mismatch")).body("Detail", containsString("127.0.0.1"));
            node.asAdmin().contentType("application/json").body(Map.of("Name", "renamed")).put(zones + "/peer-vcs").then()
                    .statusCode(400).body("errors.field", equalTo(List.of("Name")));
            node.asAdmin().get(zones + "/no-such-zone").then().statusCode(404)
                    .body("type", equalTo("urn:ucfleet:problem:zone-not-found"));
            // a name no zone can have (PostgreSQL text holds no NUL): no such zone, not a 500 (the HTTP campaign's finding)
            for (String method : List.of("GET", "DELETE", "HEAD")) {
                node.asAdmin().urlEncodingEnabled(false).request(method, zones + "/%00").then().statusCode(404);
            }

            // Nothing listens any more: peer unreachable.
            peer.close();
            for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
                try (java.net.Socket probe = new java.net.Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", peer.port), 200);
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            node.asAdmin().post(zones + "/peer-vcs/check").then().statusCode(200).body("Status", equalTo("Failed"))
                    .body("Reason", equalTo("peer-unreachable"));
        }
        node.asAdmin().delete(zones + "/peer-vcs").then().statusCode(200);
        node.asAdmin().get(zones + "/peer-vcs").then().statusCode(404);
    }

    private static void zonesPage(int port) throws Exception {
        var options = new org.openqa.selenium.chrome.ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                        "--ignore-certificate-errors"); // the node presents its self-signed tomcat
        var service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            shots = Files.createDirectories(Path.of("target", "screenshots"));
            browser.get(node.url() + "/cmplatform/expressway/zones");
            browser.findElement(By.id("j_username")).sendKeys("administrator");
            browser.findElement(By.id("j_password")).sendKeys(NodeProcess.ADMIN_PASSWORD);
            go(browser.findElement(By.id("login")));
            if (!browser.getCurrentUrl().contains("/zones")) {
                browser.get(node.url() + "/cmplatform/expressway/zones");
            }
            browser.findElement(By.id("name")).sendKeys("page-zone");
            browser.findElement(By.id("peerAddress")).sendKeys("localhost");
            browser.findElement(By.id("port")).clear();
            browser.findElement(By.id("port")).sendKeys(String.valueOf(port));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("tlsVerifyMode"))).selectByVisibleText("On");
            go(browser.findElement(By.id("create")));
            assertEquals("Zone created", textOf("outcome"), page());
            go(browser.findElement(By.id("back")));
            go(browser.findElement(By.cssSelector("tr[data-name='page-zone'] button.check")));
            assertEquals("Zone page-zone: Active", textOf("outcome"), page());
            go(browser.findElement(By.id("back")));
            assertEquals("Active", browser.findElement(By.cssSelector("tr[data-name='page-zone'] td.status")).getText(), page());
            shot("expressway-11-zones");
            go(browser.findElement(By.cssSelector("tr[data-name='page-zone'] button.delete")));
            assertEquals("Zone deleted", textOf("outcome"), page());
            node.asAdmin().get("/api/provisioning/zones/page-zone").then().statusCode(404);
        } finally {
            browser.quit();
        }
    }

    /** The leaf the HTTPS port presents, PEM. */
    private static String presented() {
        var shown = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + node.https, "-servername", FQDN);
        Matcher m = PEM_CERTIFICATE.matcher(shown.stdout());
        assertTrue(m.find(), shown.stdout() + shown.stderr());
        return m.group();
    }

    private static io.restassured.response.Response withKey(Path certificate, String field, Path key) {
        return node.asAdmin().multiPart("file", certificate.toFile()).multiPart(field, key.toFile()).post(SERVER);
    }

    private static org.openqa.selenium.chrome.ChromeDriver browser;
    private static Path shots;

    private static String textOf(String id) {
        try {
            return browser.findElement(By.id(id)).getText();
        } catch (org.openqa.selenium.NoSuchElementException e) {
            throw new AssertionError("no #" + id + " on " + page(), e);
        }
    }

    private static String page() {
        return browser.getCurrentUrl() + "\n" + browser.getPageSource();
    }

    private static void go(org.openqa.selenium.WebElement element) {
        io.ucfleet.node.testing.Pages.go(browser, element);
    }

    private static void shot(String name) throws java.io.IOException {
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    private void assertRevocation(OpensslCa peer, String expected, OpensslCa ca, Path crl, String opensslSays) {
        check(peer.certificate()).then().statusCode(200).body("Result", equalTo(expected));
        var verify = Openssl.withInput(null, "verify", "-crl_check", "-CAfile", ca.certificate().toString(), "-CRLfile",
                crl.toString(), peer.certificate().toString());
        String said = verify.stdout() + verify.stderr();
        assertTrue(said.contains(opensslSays), said);
    }

    private io.restassured.response.Response check(Path certificate) {
        return node.asAdmin().multiPart("file", certificate.toFile()).post(CRL_PATH + "/check");
    }

    private static String sha256(String pem) {
        String out = Openssl.withInput(pem, "x509", "-noout", "-fingerprint", "-sha256").out();
        return out.substring(out.indexOf('=') + 1).strip().replace(":", "").toLowerCase();
    }

    /** {@code openssl ca} as a CRL issuer: an index of revoked certificates and -gencrl. */
    private record OpensslCrlAuthority(OpensslCa ca, Path dir, Path config) {
        OpensslCrlAuthority(OpensslCa ca, Path dir) throws Exception {
            this(ca, dir, dir.resolve("crl-ca.cnf"));
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("crlnumber"), "01\n");
            Files.writeString(config, "[ca]\ndefault_ca = d\n[d]\ndatabase = " + dir.resolve("index.txt") + "\ncrlnumber = "
                    + dir.resolve("crlnumber") + "\ndefault_md = sha256\ndefault_crl_days = 7\n");
        }

        void revoke(OpensslCa peer) {
            var r = Openssl.withInput(null, "ca", "-config", config.toString(), "-cert", ca.certificate().toString(), "-keyfile",
                    ca.key().toString(), "-revoke", peer.certificate().toString(), "-crl_reason", "keyCompromise");
            assertEquals(0, r.exitCode(), r.stderr());
        }

        Path crl(String name) {
            Path out = dir.resolve(name);
            var r = Openssl.withInput(null, "ca", "-config", config.toString(), "-cert", ca.certificate().toString(), "-keyfile",
                    ca.key().toString(), "-gencrl", "-out", out.toString());
            assertEquals(0, r.exitCode(), r.stderr());
            return out;
        }

        Path der(Path pem) {
            Path out = dir.resolve(pem.getFileName() + ".der");
            var r = Openssl.withInput(null, "crl", "-in", pem.toString(), "-outform", "der", "-out", out.toString());
            assertEquals(0, r.exitCode(), r.stderr());
            return out;
        }
    }

    private io.restassured.response.Response csrRequest(Map<String, Object> body) {
        return node.asAdmin().contentType("application/json").body(body).post(CSR);
    }

    private static io.restassured.response.Response upload(String path, Path file) {
        RequestSpecification request = node.asAdmin().multiPart("file", file.toFile());
        return request.post(path);
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sSk", "--max-time", "20"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    private static Path sign(OpensslCa ca, Path csr, Path out, String... extensions) {
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.certificate().toString(),
                "-CAkey", ca.key().toString(), "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "365",
                "-sha256", "-out", out.toString()));
        args.addAll(List.of(extensions));
        var result = Openssl.withInput(null, args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        return out;
    }

    private static List<String> certificates(String pem) {
        List<String> out = new ArrayList<>();
        Matcher m = PEM_CERTIFICATE.matcher(pem);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
