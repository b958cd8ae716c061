package io.ucfleet.node.api;

import io.ucfleet.node.capf.CapfEnrollment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.ucfleet.platform.security.Roles;

/**
 * CAPF on the publisher. {@code POST /api/v1/capf/enroll} takes a phone's CSR (PEM or DER)
 * and answers its LSC (201); {@code POST /api/v1/capf/verify} says whether this node's
 * CAPF-trust or CallManager-trust vouches for a certificate.
 */
@Path("/api/v1/capf")
@Produces(MediaType.APPLICATION_JSON)
public class CapfResource {
    @Inject
    CapfEnrollment capf;

    @POST
    @Path("/enroll")
    @Consumes({MediaType.WILDCARD})
    @RolesAllowed({Roles.ADMIN, Roles.CLUSTER})
    public Response enroll(byte[] csr) {
        return Response.status(201).entity(capf.enroll(csr)).build();
    }

    @POST
    @Path("/verify")
    @Consumes({MediaType.WILDCARD})
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
    public CapfEnrollment.Verdict verify(byte[] certificate) {
        return capf.verify(certificate);
    }
}
