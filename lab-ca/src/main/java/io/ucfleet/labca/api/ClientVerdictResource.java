package io.ucfleet.labca.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.ucfleet.labca.clients.ClientVerdicts;
import io.ucfleet.labca.clients.Verdict;
import io.ucfleet.labca.clients.VerdictRequest;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * "Will this client trust this node?": a verdict on a server certificate as Jabber, UC
 * Integration for Lync or Jabber over MRA judge it (seeds 000, 001), and the cluster's
 * tomcat-trust as the one .pem seed 001 has users import. Both only read: any account.
 */
@Path("/api/v1")
@RolesAllowed({ Roles.ADMIN, Roles.READ_ONLY })
public class ClientVerdictResource {
    static final String PEM = "application/x-pem-file";

    @Inject
    ClientVerdicts verdicts;

    /** 200 with the verdict (trusted, prompt or refused), also when the target cannot be reached (refused). */
    @POST
    @Path("/client-verdicts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Verdict judge(VerdictRequest request) {
        return verdicts.judge(request);
    }

    /** Seed 001's "single file with the extension .pem": every node's tomcat-trust, concatenated, deduplicated. */
    @GET
    @Path("/client-trust-bundle")
    @Produces(PEM)
    public Response bundle(@QueryParam("nodes") List<String> nodes) {
        List<String> urls = nodes.stream().flatMap(n -> java.util.Arrays.stream(n.split(","))).filter(s -> !s.isBlank()).toList();
        if (urls.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "?nodes= lists the node base URLs (repeated or"
                    + " comma-separated).");
        }
        var bundle = verdicts.clientTrustBundle(urls, null, null);
        return Response.ok(bundle.pem(), PEM).header("Content-Disposition", "attachment; filename=\"tomcat-trust.pem\"")
                .header("X-Certificates", bundle.certificates().size()).build();
    }
}
