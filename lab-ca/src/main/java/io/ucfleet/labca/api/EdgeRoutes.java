package io.ucfleet.labca.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.faults.RevocationFaults;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens before any resource, at the Vert.x router: a declared body above
 * {@code ucfleet.lab-ca.max-body-bytes} is refused with 413 problem+json before it is read
 * (a snapshot restore excepted);
 * a request to a revocation endpoint meets its fault — the delay is a Vert.x timer (no thread
 * waits), "unreachable" closes the connection without an answer.
 */
@jakarta.inject.Singleton
public class EdgeRoutes {
    private static final Logger LOG = Logger.getLogger(EdgeRoutes.class);
    /** A restore's body is the whole database: only the HTTP layer's limit (quarkus.http.limits.max-body-size) holds it. */
    static final String SNAPSHOT = "/ucfleet/v1/snapshot";

    @Inject
    RevocationFaults faults;
    @Inject
    LabCaConfig config;
    @Inject
    Vertx vertx;

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && tooLarge(length) && !ctx.normalizedPath().equals(SNAPSHOT)) {
            ctx.response().setStatusCode(413).putHeader("Content-Type", ProblemBody.MEDIA_TYPE).putHeader("Connection", "close")
                    .end(Json.encode(ProblemBody.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is " + length
                            + " bytes; lab-ca takes at most " + config.maxBodyBytes() + " (ucfleet.lab-ca.max-body-bytes).",
                            Map.of(), ProblemBody.newInstance())));
            return;
        }
        var fault = faults.strike(ctx.normalizedPath());
        if (fault.isEmpty()) {
            ctx.next();
            return;
        }
        ctx.request().pause();
        Runnable strike = () -> {
            if (fault.get().close()) {
                LOG.debugf("fault: closing %s without an answer", ctx.normalizedPath());
                ctx.request().connection().close();
            } else if (!ctx.response().closed()) {
                ctx.next();
            }
        };
        long millis = fault.get().delay().toMillis();
        if (millis <= 0) {
            strike.run();
        } else {
            vertx.setTimer(millis, id -> strike.run());
        }
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.strip()) > config.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
