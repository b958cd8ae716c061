package io.ucfleet.ctl;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * This service's API is HTTPS only (its plain HTTP port redirects), so a {@code @QuarkusTest} talks to
 * it on HTTPS: declared after {@code @QuarkusTest} ({@code @ExtendWith(OverHttps.class)}), this runs
 * after Quarkus pointed RestAssured at the plain test port for the test and before the class's own
 * {@code @BeforeEach} methods, and points it at {@code quarkus.http.test-ssl-port} instead. The service
 * presents the self-signed certificate its test resource made (ServiceCertificates), which no
 * JVM trusts, so validation is relaxed; verification by the services CA is judged in platform's ServicesTrustTest and LocalLauncherIT.
 */
public class OverHttps implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.baseURI = "https://127.0.0.1";
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
    public static java.net.Socket tls() throws java.io.IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) io.ucfleet.platform.tls.ServicesTrust
                .context(java.util.Optional.empty(), "the test").getSocketFactory().createSocket("127.0.0.1", sslPort());
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }
}
