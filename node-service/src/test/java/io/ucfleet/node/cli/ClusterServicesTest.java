package io.ucfleet.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.ServiceCertificates;
import io.ucfleet.platform.tls.ServicesTrust;

/**
 * The CLI's calls to cluster-sync ({@code utils dbreplication runtimestate}) and ctl-service go
 * over TLS verified by the fleet services CA ({@code ucfleet.services.ca}), not by the node's
 * tomcat-trust: a cluster-sync whose certificate that CA issued for the host answers; one the CA
 * did not issue, or issued for other names, is refused with a problem naming the failed verification.
 */
class ClusterServicesTest {
    @TempDir
    Path dir;
    HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A stand-in cluster-sync on HTTPS presenting {@code leaf} (issued by {@code ca}). */
    int serve(ServiceCertificates.Issued leaf, ServiceCertificates.Issued ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", leaf.key(), new char[0], new Certificate[] {leaf.certificate(), ca.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/api/v1/sync", exchange -> {
            byte[] body = "{\"service\":\"cluster-sync\",\"pending\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    ClusterServices services(int port, ServiceCertificates.Issued trusted) throws Exception {
        Path ca = dir.resolve("ca-" + System.nanoTime() + ".pem");
        Files.writeString(ca, trusted.certificatePem());
        ClusterServices services = new ClusterServices();
        services.syncUrl = Optional.of(URI.create("https://127.0.0.1:" + port));
        services.ctlUrl = Optional.empty();
        services.username = Optional.of("cluster");
        services.password = Optional.of("cluster-password");
        services.servicesCa = Optional.of(ca.toString());
        return services;
    }

    @Test
    void aClusterSyncTheServicesCaIssuedForTheHostAnswers() throws Exception {
        var ca = ServiceCertificates.newCa("fleet services CA", Instant.now());
        int port = serve(ServiceCertificates.issue(ca, ServiceCertificates.localNames("cluster-sync"), Instant.now()), ca);
        assertEquals("cluster-sync", services(port, ca).syncStatus().path("service").asText());
    }

    @Test
    void aWrongCaIsAProblemNamingTheFailedVerification() throws Exception {
        var ca = ServiceCertificates.newCa("fleet services CA", Instant.now());
        var wrong = ServiceCertificates.newCa("another CA", Instant.now());
        int port = serve(ServiceCertificates.issue(ca, ServiceCertificates.localNames("cluster-sync"), Instant.now()), ca);
        DomainProblem problem = assertThrows(DomainProblem.class, () -> services(port, wrong).syncStatus());
        assertEquals(ProblemType.PEER_UNAVAILABLE, problem.type());
        assertEquals("untrusted", problem.extensions().get("failure"));
        assertTrue(problem.getMessage().contains("certificate failed verification")
                && problem.getMessage().contains(ServicesTrust.NOT_VERIFIED)
                && problem.getMessage().contains(ServicesTrust.CA_PROPERTY), problem.getMessage());
    }

    @Test
    void aCertificateForOtherNamesIsRefusedByHostName() throws Exception {
        var ca = ServiceCertificates.newCa("fleet services CA", Instant.now());
        int port = serve(ServiceCertificates.issue(ca, List.of("cluster-sync.elsewhere"), Instant.now()), ca);
        DomainProblem problem = assertThrows(DomainProblem.class, () -> services(port, ca).syncStatus());
        assertEquals("untrusted", problem.extensions().get("failure"));
        assertTrue(problem.getMessage().contains("127.0.0.1"), problem.getMessage());
    }
}
