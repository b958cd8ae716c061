package io.ucfleet.node.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.ucfleet.platform.http.HttpEdge;
import io.ucfleet.platform.http.HttpGuard;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * platform's {@link HttpEdge} on this service's router, with its one body limit, and its
 * {@link HttpGuard} on the HTTP servers once they listen ({@code ucfleet.http.request-head-timeout}).
 */
@ApplicationScoped
public class HttpEdgeRoutes {
    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "ucfleet.http.request-head-timeout", defaultValue = "10S") Duration headTimeout) {
        HttpEdge.install(router, maxBody.asLongValue(), headTimeout);
    }

    void guard(@ObservesAsync HttpServerStart start, Vertx vertx) {
        HttpGuard.guardServers(vertx);
    }

    void guardTls(@ObservesAsync HttpsServerStart start, Vertx vertx) {
        HttpGuard.guardServers(vertx);
    }
}
