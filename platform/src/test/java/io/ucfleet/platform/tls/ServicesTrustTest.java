package io.ucfleet.platform.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A services CA verifies what it issued, for the names it issued it for, and nothing else. */
class ServicesTrustTest {
    @TempDir
    Path dir;

    static HttpsServer serve(ServiceCertificates.Issued leaf, ServiceCertificates.Issued ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", leaf.key(), new char[0], ca == null ? new Certificate[] {leaf.certificate()}
                : new Certificate[] {leaf.certificate(), ca.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        return server;
    }

    static int get(SSLContext tls, String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    Path write(ServiceCertificates.Issued ca, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, ca.certificatePem());
        return file;
    }

    static String causes(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            out.append(t).append(" | ");
        }
        return out.toString();
    }

    @Test
    void aCertificateTheCaIssuedForTheHostIsVerified() throws Exception {
        var ca = ServiceCertificates.newCa("test services CA", Instant.now());
        var leaf = ServiceCertificates.issue(ca, ServiceCertificates.localNames("cluster-sync"), Instant.now());
        HttpsServer server = serve(leaf, ca);
        try {
            int port = server.getAddress().getPort();
            SSLContext tls = ServicesTrust.verifying(write(ca, "ca.pem"));
            assertEquals(200, get(tls, "https://127.0.0.1:" + port + "/"));
            assertEquals(200, get(tls, "https://localhost:" + port + "/"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anotherCaIsRefusedNamingTheFailedVerification() throws Exception {
        var ca = ServiceCertificates.newCa("test services CA", Instant.now());
        var other = ServiceCertificates.newCa("another CA", Instant.now());
        HttpsServer server = serve(ServiceCertificates.issue(ca, List.of("127.0.0.1"), Instant.now()), ca);
        try {
            SSLContext tls = ServicesTrust.verifying(write(other, "other.pem"));
            IOException e = assertThrows(IOException.class, () -> get(tls, "https://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertTrue(causes(e).contains(ServicesTrust.NOT_VERIFIED), causes(e));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCertificateForOtherNamesIsRefusedByHostName() throws Exception {
        var ca = ServiceCertificates.newCa("test services CA", Instant.now());
        HttpsServer server = serve(ServiceCertificates.issue(ca, List.of("lab-ca", "10.9.9.9"), Instant.now()), ca);
        try {
            SSLContext tls = ServicesTrust.verifying(write(ca, "ca.pem"));
            IOException e = assertThrows(IOException.class, () -> get(tls, "https://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertTrue(causes(e).contains(ServicesTrust.NOT_VERIFIED) && causes(e).contains("127.0.0.1"), causes(e));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutACaTheCallIsEncryptedAndUnverified() throws Exception {
        HttpsServer server = serve(ServiceCertificates.issue(null, List.of("elsewhere"), Instant.now()), null);
        try {
            assertEquals(200, get(ServicesTrust.context(Optional.empty(), "a test"), "https://127.0.0.1:"
                    + server.getAddress().getPort() + "/"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSelfSignedFallbackIsWrittenOnceAndReadBack() {
        Path cert = dir.resolve("tls/service.crt");
        Path key = dir.resolve("tls/service.key");
        assertTrue(ServiceCertificates.ensureSelfSigned(cert, key, ServiceCertificates.localNames("ctl-service")));
        assertTrue(!ServiceCertificates.ensureSelfSigned(cert, key, List.of("x")));
        var read = ServiceCertificates.read(cert, key);
        assertEquals("CN=ctl-service", read.certificate().getSubjectX500Principal().getName());
    }
}
