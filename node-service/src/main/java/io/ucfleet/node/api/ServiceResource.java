package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.api.Representations.Service;
import io.ucfleet.node.serviceability.Serviceability;

/** Control Center: the node's services, restart flags, and {@code utils service restart}. */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ServiceResource {
    @Inject
    Serviceability serviceability;

    @GET
    public List<Service> list() {
        return serviceability.list().stream().map(Service::of).toList();
    }

    /** E.g. {@code POST /api/v1/services/cisco-tomcat/restart}: presents the current tomcat certificate. */
    @POST
    @Path("/{id}/restart")
    @RolesAllowed(Roles.ADMIN)
    public Service restart(@PathParam("id") String id) {
        return Service.of(serviceability.restart(id));
    }
}
