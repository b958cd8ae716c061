package io.ucfleet.sync.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.ucfleet.platform.http.HttpEdge;
import io.ucfleet.platform.http.HttpGuard;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * platform's {@link HttpEdge} on this service's router, with its one body limit and, unless
 * {@code ucfleet.http.https-only=false}, the API on HTTPS only (plain HTTP answers health and
 * metrics and redirects the rest to the HTTPS port), and its
 * {@link HttpGuard} on the HTTP servers once they listen ({@code ucfleet.http.request-head-timeout}).
 */
@ApplicationScoped
public class HttpEdgeRoutes {
    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "ucfleet.http.request-head-timeout", defaultValue = "10S") Duration headTimeout,
            @ConfigProperty(name = "ucfleet.http.https-only", defaultValue = "true") boolean httpsOnly) {
        HttpEdge.install(router, maxBody.asLongValue(), headTimeout, httpsOnly ? new HttpEdge.HttpsOnly(
                () -> HttpEdge.configuredHttpsPort(LaunchMode.current() == LaunchMode.TEST, 8480), HttpEdge.PLAIN_PATHS) : null);
    }

    void guard(@ObservesAsync HttpServerStart start, Vertx vertx) {
        HttpGuard.guardServers(vertx);
    }

    void guardTls(@ObservesAsync HttpsServerStart start, Vertx vertx) {
        HttpGuard.guardServers(vertx);
    }
}
