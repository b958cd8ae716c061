package io.ucfleet.node.api;

import io.ucfleet.node.signing.TrustListSigning;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.ucfleet.platform.security.Roles;

/**
 * {@code POST /api/v1/signing/itl-recovery?digest=SHA-1&certificate=<sha256>}: the body is the
 * file without its signature element; the answer is the raw signature. Only the cluster's
 * service account (ctl-service) may ask, and only a trust list of this cluster is signed
 * ({@link io.ucfleet.node.signing.TrustListContent}); the body is bounded by the HTTP limit.
 */
@Path("/api/v1/signing")
@RolesAllowed(Roles.CLUSTER)
public class SigningResource {
    @Inject
    TrustListSigning signing;
    @Inject
    io.quarkus.security.identity.SecurityIdentity caller;
    @Inject
    io.vertx.core.http.HttpServerRequest request;

    @POST
    @Path("/itl-recovery")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response sign(byte[] body, @QueryParam("digest") String digest, @QueryParam("certificate") String sha256) {
        var signed = signing.sign(body, digest, Optional.ofNullable(sha256),
                caller.getPrincipal().getName(), request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        return Response.ok(signed.signature()).header("X-Signature-Algorithm", signed.algorithm())
                .header("X-Signer-Sha256", signed.certificateSha256()).build();
    }
}
