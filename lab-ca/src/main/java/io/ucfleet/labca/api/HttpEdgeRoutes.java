package io.ucfleet.labca.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.ucfleet.platform.http.HttpEdge;
import io.vertx.ext.web.Router;

/** platform's {@link HttpEdge} on this service's router, with its one body limit. */
@ApplicationScoped
public class HttpEdgeRoutes {
    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        HttpEdge.install(router, maxBody.asLongValue());
    }
}
