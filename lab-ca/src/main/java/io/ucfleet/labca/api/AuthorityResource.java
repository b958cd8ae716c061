package io.ucfleet.labca.api;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.labca.api.Representations.CrlSettingsBody;
import io.ucfleet.labca.api.Representations.HierarchyBody;
import io.ucfleet.labca.api.Representations.HierarchyView;
import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Endpoints;
import io.ucfleet.labca.authority.HierarchySpec;
import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.revocation.Crls;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/** The lab's CA hierarchies: list, show, create, and the CRL settings (validity; backdate for an expired CRL). */
@Path("/api/v1/authorities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.READ_ONLY })
public class AuthorityResource {
    @Inject
    Authorities authorities;
    @Inject
    Crls crls;
    @Inject
    Endpoints endpoints;
    @Inject
    LabCaConfig config;

    @GET
    public List<HierarchyView> list() {
        return authorities.all().stream().map(h -> HierarchyView.of(h, endpoints)).toList();
    }

    @GET
    @Path("/{hierarchy}")
    public HierarchyView show(@PathParam("hierarchy") String hierarchy) {
        return HierarchyView.of(authorities.hierarchy(hierarchy), endpoints);
    }

    /** Key generation runs on a worker thread (a blocking resource method), never on the event loop. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<HierarchyView> create(HierarchyBody body) {
        HierarchyBody b = Optional.ofNullable(body).orElseThrow(() -> new DomainProblem(ProblemType.INVALID_REQUEST,
                "The body must be a JSON object with at least \"name\"."));
        HierarchySpec spec = HierarchySpec.of(b.name(), b.keyType(), Optional.ofNullable(b.keySize()),
                Optional.ofNullable(b.intermediate()), Optional.ofNullable(b.organization()),
                Optional.ofNullable(b.rootCommonName()), Optional.ofNullable(b.intermediateCommonName()),
                Optional.ofNullable(b.rootValidityDays()), Optional.ofNullable(b.intermediateValidityDays()),
                b.crlValidity() == null ? config.crlValidity() : Representations.duration("crlValidity", b.crlValidity()));
        return RestResponse.status(RestResponse.Status.CREATED, HierarchyView.of(authorities.create(spec), endpoints));
    }

    /** Each CA of the hierarchy signs a CRL by the new settings at once (CRL number + 1). */
    @PUT
    @Path("/{hierarchy}/crl")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public HierarchyView crlSettings(@PathParam("hierarchy") String hierarchy, CrlSettingsBody body) {
        if (body == null || body.validity() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must name \"validity\" (and optionally \"backdate\").");
        }
        return HierarchyView.of(crls.settings(hierarchy, Representations.duration("validity", body.validity()),
                body.backdate() == null ? java.time.Duration.ZERO : Representations.duration("backdate", body.backdate())),
                endpoints);
    }
}
