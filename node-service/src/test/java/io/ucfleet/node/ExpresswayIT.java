package io.ucfleet.node;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;

/**
 * A packaged Expressway-E node driven through the Expressway REST API as a script for a real
 * VCS drives it, openssl judging what comes back: one CSR in progress, PEM only, no wildcards,
 * and a trusted CA list that appends what it is given.
 */
class ExpresswayIT {
    private static final String CSR = "/api/provisioning/certs/generate_csr";
    private static final String SERVER = "/api/provisioning/certs/server";
    private static final String ROOT = "/api/provisioning/certs/root";
    private static final String FQDN = "exp-e.ucfleet.test";
    private static final String CLUSTER_FQDN = "vcse.ucfleet.test";
    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\R.*?-----END CERTIFICATE-----\\R?", Pattern.DOTALL);

    private NodeProcess node;

    @AfterEach
    void destroy() throws Exception {
        if (node != null) {
            node.destroy();
        }
    }

    @Test
    void anExpresswayKeepsOneCsrLoadsPemOnlyAndAppendsToItsTrustedCaListAsGiven() throws Exception {
        node = new NodeProcess("exp-e", "expressway-e").property("ucfleet.node.expressway.cluster-fqdn", CLUSTER_FQDN)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_MONITOR", "it-monitor-password")
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_MONITOR", "read-only");
        node.start();
        node.awaitReady(Duration.ofSeconds(120));

        node.asAdmin().get("/api/v1/node").then().statusCode(200).body("role", equalTo("expressway-e"));
        given().port(node.http).auth().preemptive().basic("administrator", "wrong").get(SERVER).then().statusCode(401);
        given().port(node.http).get(ROOT).then().statusCode(401);
        var monitor = given().port(node.http).auth().preemptive().basic("monitor", "it-monitor-password");
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

    private io.restassured.response.Response csrRequest(Map<String, Object> body) {
        return node.asAdmin().contentType("application/json").body(body).post(CSR);
    }

    private io.restassured.response.Response upload(String path, Path file) {
        RequestSpecification request = node.asAdmin().multiPart("file", file.toFile());
        return request.post(path);
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
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
