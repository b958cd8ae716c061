package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.api.Representations.CertificateDetails;
import io.ucfleet.node.api.Representations.RegenerateRequest;
import io.ucfleet.node.api.Representations.RegenerateResult;
import io.ucfleet.node.identity.Identities;

/** The node's identity certificates and "Regenerate" / "Generate Self-Signed Certificate". */
@Path("/api/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
public class IdentityResource {
    @Inject
    Identities identities;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.node.config.Node node;

    @GET
    public List<CertificateDetails> list() {
        var now = clock.instant();
        return identities.currentAll().stream().map(e -> CertificateDetails.of(e, node, now)).toList();
    }

    @GET
    @Path("/{unit}")
    public CertificateDetails show(@PathParam("unit") String unit) {
        return CertificateDetails.of(identities.current(unit), node, clock.instant());
    }

    /** Same key length unless {@code keySize} names another (RSA 2048/3072/4096, EC 256/384). */
    @POST
    @Path("/{unit}/regenerate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RegenerateResult regenerate(@PathParam("unit") String unit, RegenerateRequest request) {
        var result = identities.regenerate(unit, Optional.ofNullable(Bodies.required(request)).map(RegenerateRequest::keySize));
        return new RegenerateResult(CertificateDetails.of(result.certificate(), node, clock.instant()),
                Representations.names(result.servicesToRestart()), result.ctlUpdateRequiredInMixedMode(),
                result.backupAdvised(), result.nextSteps());
    }
}
