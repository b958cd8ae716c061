package io.ucfleet.labca.api;

import java.time.Clock;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.labca.api.Representations.CertificateList;
import io.ucfleet.labca.api.Representations.CertificateView;
import io.ucfleet.labca.api.Representations.RevokeAnswer;
import io.ucfleet.labca.api.Representations.RevokeBody;
import io.ucfleet.labca.api.Representations.SignBody;
import io.ucfleet.labca.issuance.CertificateIssuance;
import io.ucfleet.labca.issuance.Issued;
import io.ucfleet.labca.issuance.SignRequest;
import io.ucfleet.labca.revocation.Revocations;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/** Sign a CSR, list what a hierarchy issued with its status, show one, revoke one. */
@Path("/api/v1/authorities/{hierarchy}/certificates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.READ_ONLY })
public class CertificateResource {
    @Inject
    CertificateIssuance issuance;
    @Inject
    Revocations revocations;
    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Issued> sign(@PathParam("hierarchy") String hierarchy, SignBody body) {
        if (body == null || body.csr() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must carry \"csr\": the PEM of a PKCS#10 CSR.");
        }
        return RestResponse.status(RestResponse.Status.CREATED, issuance.sign(new SignRequest(hierarchy, body.csr(),
                body.profile(), Optional.ofNullable(body.validityDays()), Optional.ofNullable(body.notBefore()),
                Optional.ofNullable(body.notAfter()))));
    }

    @GET
    public CertificateList list(@PathParam("hierarchy") String hierarchy, @QueryParam("status") String status) {
        var listing = revocations.list(hierarchy, status);
        var now = clock.instant();
        return new CertificateList(listing.hierarchy().name(), listing.certificates().size(), listing.certificates().stream()
                .map(c -> CertificateView.of(c, listing.hierarchy(), now, false)).toList());
    }

    @GET
    @Path("/{serial}")
    public CertificateView show(@PathParam("hierarchy") String hierarchy, @PathParam("serial") String serial) {
        var listing = revocations.show(hierarchy, serial);
        return CertificateView.of(listing.certificates().get(0), listing.hierarchy(), clock.instant(), true);
    }

    /** The issuing CA signs its next CRL in the same transaction; OCSP answers revoked from then on. */
    @POST
    @Path("/{serial}/revocation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RevokeAnswer revoke(@PathParam("hierarchy") String hierarchy, @PathParam("serial") String serial, RevokeBody body) {
        var revoked = revocations.revoke(hierarchy, serial, body == null ? null : body.reason());
        return new RevokeAnswer(CertificateView.of(revoked.certificate(), revoked.hierarchy(), clock.instant(), false),
                revoked.crlNumber(), revoked.crlUrl());
    }
}
