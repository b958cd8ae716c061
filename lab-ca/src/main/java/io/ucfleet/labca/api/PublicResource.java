package io.ucfleet.labca.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.ucfleet.labca.ocsp.OcspResponder;
import io.ucfleet.labca.revocation.Publication;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What certificates point at (CDP, AIA), open without login as real ones are: CRLs in four forms,
 * the CA certificates, and the OCSP responder (RFC 6960 Appendix A: POST
 * {@code application/ocsp-request}, or GET with the base64 of the DER request as the last path
 * segment(s)). Faults ({@code /ucfleet/v1/faults}) are applied before these run ({@link EdgeRoutes}).
 */
@Path("/pki/{hierarchy}")
@PermitAll
public class PublicResource {
    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";

    @Inject
    Publication publication;
    @Inject
    OcspResponder ocsp;

    @GET
    @Path("/{file}")
    public Response file(@PathParam("hierarchy") String hierarchy, @PathParam("file") String name) {
        Publication.File file = publication.file(hierarchy, name);
        return Response.ok(file.content(), file.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + hierarchy + "-" + file.fileName() + "\"").build();
    }

    @POST
    @Path("/ocsp")
    @Consumes(OCSP_REQUEST)
    public Response ocspPost(@PathParam("hierarchy") String hierarchy, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            byte[] request) {
        return answer(hierarchy, request, accept);
    }

    @GET
    @Path("/ocsp/{request: .+}")
    public Response ocspGet(@PathParam("hierarchy") String hierarchy, @PathParam("request") String encoded,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return answer(hierarchy, OcspResponder.fromGetPath(encoded), accept);
    }

    /** A client that accepts only OCSP responses gets RFC 6960's malformedRequest; anyone else the problem. */
    private Response answer(String hierarchy, byte[] request, String accept) {
        try {
            return Response.ok(ocsp.respond(hierarchy, request), OCSP_RESPONSE).build();
        } catch (DomainProblem p) {
            if (p.type() == ProblemType.INVALID_OCSP_REQUEST && accept != null && accept.contains(OCSP_RESPONSE)
                    && !accept.contains("json") && !accept.contains("*/*")) {
                return Response.ok(OcspResponder.malformedRequest(), OCSP_RESPONSE).build();
            }
            throw p;
        }
    }
}
