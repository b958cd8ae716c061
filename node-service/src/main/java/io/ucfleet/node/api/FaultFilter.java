package io.ucfleet.node.api;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.ucfleet.node.control.HttpFaults;
import io.ucfleet.platform.problem.ProblemBody;

/**
 * Applies the management API's HTTP faults before routing: waits the fault's latency without
 * holding a thread, then answers its status (a problem naming the fault) or lets the request
 * through.
 */
public class FaultFilter {
    @Inject
    HttpFaults faults;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> fault(ContainerRequestContext request) {
        var struck = faults.strike(request.getMethod(), request.getUriInfo().getRequestUri().getPath());
        if (struck.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        HttpFaults.Fault f = struck.get();
        Response answer = f.status().map(status -> Response.status(status).type(ProblemBody.MEDIA_TYPE)
                .entity(ProblemBody.injectedFault(status, "Fault " + f.id() + " of the management API answered this request"
                        + " with " + status + ".", Map.of("fault", f.id()))).build()).orElse(null);
        Uni<Response> now = Uni.createFrom().item(answer);
        return f.latency().isZero() ? now : now.onItem().delayIt().by(f.latency());
    }
}
