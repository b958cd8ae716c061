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
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * {@code POST /api/v1/signing/itl-recovery?digest=SHA-1&certificate=<sha256>}: the body is the
 * file without its signature element; the answer is the raw signature. Only the cluster's
 * service account (ctl-service) may ask.
 */
@Path("/api/v1/signing")
@RolesAllowed(Roles.CLUSTER)
public class SigningResource {
    /** A CTL for 32 nodes is about 40 KB; this bounds what one request may make the key sign. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    @Inject
    TrustListSigning signing;

    @POST
    @Path("/itl-recovery")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response sign(byte[] body, @QueryParam("digest") String digest, @QueryParam("certificate") String sha256) {
        if (body != null && body.length > MAX_BYTES) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "At most " + MAX_BYTES + " bytes are signed.");
        }
        var signed = signing.sign(body, digest, Optional.ofNullable(sha256));
        return Response.ok(signed.signature()).header("X-Signature-Algorithm", signed.algorithm())
                .header("X-Signer-Sha256", signed.certificateSha256()).build();
    }
}
