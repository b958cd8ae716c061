package io.ucfleet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.ucfleet.platform.http.HttpEdge;
import io.vertx.ext.web.Router;

/**
 * platform's {@link HttpEdge} on this service's router, with its one body limit and, unless
 * {@code ucfleet.http.https-only=false}, the API on HTTPS only: plain HTTP answers health and
 * metrics and redirects the rest to the HTTPS port (Cisco Tomcat's 8080 to 8443).
 */
@ApplicationScoped
public class HttpEdgeRoutes {
    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "ucfleet.http.https-only", defaultValue = "true") boolean httpsOnly) {
        HttpEdge.install(router, maxBody.asLongValue(), httpsOnly
                ? new HttpEdge.HttpsOnly(HttpEdgeRoutes::httpsPort, HttpEdge.PLAIN_PATHS) : null);
    }

    /** The HTTPS port as bound (a test's port 0 is the bound one once the server started). */
    static int httpsPort() {
        var config = ConfigProvider.getConfig();
        if (LaunchMode.current() == LaunchMode.TEST) {
            int port = config.getOptionalValue("quarkus.http.test-ssl-port", Integer.class).orElse(8444);
            if (port > 0) {
                return port;
            }
        }
        return config.getOptionalValue("quarkus.http.ssl-port", Integer.class).orElse(8443);
    }
}
