package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.ucfleet.node.api.Representations.CertificateDetails;
import io.ucfleet.node.csr.CsrLint;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.node.identity.SignedCertificateRules;

/**
 * "Generate CSR", "Download CSR" and the upload of the CA-signed certificate of an identity unit
 * (native API; the Cisco certmgr paths are the other front over the same code).
 */
@Path("/api/v1/identities/{unit}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CsrResource {
    @Inject
    Csrs csrs;
    @Inject
    CaSignedInstallation installation;
    @Inject
    Clock clock;
    @Inject
    Node node;

    /** Every member optional: {@code {}} makes a this-server CSR with the node's defaults. */
    public record CsrBody(String distribution, String commonName, String organization, String organizationalUnit,
            String locality, String state, String country, String keyType, Integer keyLength, String hashAlgorithm,
            List<String> altNames, List<String> xmppAddrs, List<String> srvNames) {
    }

    public record CsrAnswer(CsrView csr, List<CsrLint.Finding> warnings) {
    }

    public record InstallAnswer(CertificateDetails certificate, List<String> trustImported, List<String> trustAlreadyPresent,
            List<String> servicesToRestart, List<CaSignedInstallation.NodeOutcome> nodes,
            List<SignedCertificateRules.UsageWarning> warnings, String note) {

        static InstallAnswer of(CaSignedInstallation.Result r, Node node, java.time.Instant now) {
            List<String> restarts = Representations.names(r.servicesToRestart());
            return new InstallAnswer(CertificateDetails.of(r.certificate(), node, now),
                    r.trustImported().stream().map(e -> e.unit + "/" + e.sha256).toList(),
                    r.trustAlreadyPresent().stream().map(e -> e.unit + "/" + e.sha256).toList(), restarts, r.nodes(),
                    r.warnings(), (restarts.isEmpty() ? "Installed." : "Installed; it is used after a restart of " + restarts
                            + " on each node.") + (r.warnings().isEmpty() ? "" : " It lacks " + r.warnings().size()
                                    + " usage(s) of its unit's row: see warnings."));
        }
    }

    /** Generates a new key pair and CSR for the unit, replacing the pending one. Key generation runs off the request threads. */
    @POST
    @Path("/csr")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<CsrAnswer>> generate(@PathParam("unit") String unit, CsrBody body) {
        CsrBody b = body == null ? new CsrBody(null, null, null, null, null, null, null, null, null, null, null, null, null) : body;
        CsrRequest request = CsrRequest.of(unit, b.distribution(), b.commonName(), b.organization(), b.organizationalUnit(),
                b.locality(), b.state(), b.country(), b.keyType(), b.keyLength(), b.hashAlgorithm(), b.altNames(), b.xmppAddrs(),
                b.srvNames());
        return csrs.generate(request).map(g -> RestResponse.status(RestResponse.Status.CREATED,
                new CsrAnswer(CsrView.of(g.csr()), g.warnings())));
    }

    @GET
    @Path("/csr")
    public CsrView pending(@PathParam("unit") String unit) {
        return CsrView.of(csrs.pending(unit));
    }

    /** "Discard CSR": the pending CSR and its key are deleted; 404 when none is pending. */
    @jakarta.ws.rs.DELETE
    @Path("/csr")
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Void> discard(@PathParam("unit") String unit) {
        csrs.discard(unit);
        return RestResponse.noContent();
    }

    @GET
    @Path("/csr/pem")
    @Produces("application/pkcs10")
    public RestResponse<String> pendingPem(@PathParam("unit") String unit) {
        var pending = csrs.pending(unit);
        return RestResponse.ResponseBuilder.ok(CsrView.pem(pending), "application/pkcs10")
                .header("Content-Disposition", "attachment; filename=\"" + pending.unit + ".csr\"").build();
    }

    /**
     * The CA-signed certificate, alone or with its chain (PEM, DER or PKCS#7, as trust uploads).
     * CA certificates go into the unit's trust store first.
     */
    @POST
    @Path("/certificate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public InstallAnswer install(@PathParam("unit") String unit, byte[] body) {
        return InstallAnswer.of(installation.upload(unit, body), node, clock.instant());
    }
}
