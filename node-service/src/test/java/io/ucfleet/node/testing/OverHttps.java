package io.ucfleet.node.testing;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * The node's API is HTTPS only (its plain HTTP port redirects), so a {@code @QuarkusTest} talks to
 * it on HTTPS: declared after {@code @QuarkusTest} ({@code @ExtendWith(OverHttps.class)}), this runs
 * after Quarkus pointed RestAssured at the plain test port for the test and before the class's own
 * {@code @BeforeEach} methods, and points it at {@code quarkus.http.test-ssl-port} instead. The node
 * presents its own self-signed tomcat, which no JVM trusts, so validation is relaxed: what the
 * certificate is, is judged by the tests that read it (openssl s_client, PresentedChain).
 */
public class OverHttps implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.baseURI = "https://localhost";
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
}
