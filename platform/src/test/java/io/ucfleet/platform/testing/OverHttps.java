package io.ucfleet.platform.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;
import io.ucfleet.platform.tls.ServicesTrust;

/**
 * A service's API is HTTPS only (its plain HTTP port redirects), so a {@code @QuarkusTest} talks to
 * it on HTTPS: declared after {@code @QuarkusTest} ({@code @ExtendWith(OverHttps.class)}), this runs
 * after Quarkus pointed RestAssured at the plain test port for the test and before the class's own
 * {@code @BeforeEach} methods, and points it at {@code quarkus.http.test-ssl-port} of
 * {@value #HOST} instead. The service presents a certificate no JVM trusts (the node its own
 * self-signed tomcat, the other services the self-signed certificate their test resource made,
 * ServiceCertificates), so validation is relaxed: what the certificate is, is judged by the tests
 * that read it (openssl s_client, PresentedChain), and verification by the services CA in
 * platform's ServicesTrustTest and LocalLauncherIT.
 *
 * <p>One class for every service's tests (platform's test-jar). The address is {@value #HOST}, not
 * {@code localhost}: no test relies on RestAssured's default host being a name (the tests that
 * assert a {@code localhost} Location or URL name it in their own request), and the raw
 * {@link #tls()} connection uses the same address.
 */
public class OverHttps implements BeforeEachCallback {
    /** The address the tests reach the service at. */
    public static final String HOST = "127.0.0.1";

    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.baseURI = "https://" + HOST;
        RestAssured.port = sslPort();
        RestAssured.useRelaxedHTTPSValidation();
    }

    /** The HTTPS test port as bound. */
    public static int sslPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    }

    /** The plain HTTP test port as bound (health, metrics, and the redirect of everything else). */
    public static int plainPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /** A raw TLS connection to the HTTPS test port (the certificate not verified), handshake done. */
    public static Socket tls() throws IOException {
        SSLSocket socket = (SSLSocket) ServicesTrust.context(Optional.empty(), "the test").getSocketFactory()
                .createSocket(HOST, sslPort());
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }
}
