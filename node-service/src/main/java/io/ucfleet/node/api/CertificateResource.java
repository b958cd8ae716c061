package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.ucfleet.node.api.Representations.CertificateDetails;
import io.ucfleet.node.api.Representations.CertificateSummary;
import io.ucfleet.node.api.Representations.DeleteResult;
import io.ucfleet.node.api.Representations.Page;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateFinder;
import io.ucfleet.node.inventory.CertificateQuery;
import io.ucfleet.node.inventory.Inventory;
import io.ucfleet.node.truststore.TrustDeletion;
import io.ucfleet.node.x509.Pem;

/** Certificate Management: the certificate list, one certificate, its download, its deletion. */
@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CertificateResource {
    static final String PEM = "application/x-pem-file";
    static final String DER = "application/pkix-cert";

    @Inject
    CertificateFinder finder;
    @Inject
    Inventory inventory;
    @Inject
    TrustDeletion deletion;
    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    @GET
    public Page<CertificateSummary> find(@QueryParam("commonName") String commonName,
            @QueryParam("expiresBefore") String expiresBefore, @QueryParam("expiresAfter") String expiresAfter,
            @QueryParam("keyType") String keyType, @QueryParam("usage") String usage, @QueryParam("unit") String unit,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        var result = finder.find(CertificateQuery.of(commonName, expiresBefore, expiresAfter, keyType, usage, unit, page,
                size, config.defaultPageSize()));
        var now = clock.instant();
        return new Page<>(result.items().stream().map(e -> CertificateSummary.of(e, node, now)).toList(),
                result.page(), result.size(), result.total());
    }

    @GET
    @Path("/{unit}/{sha256}")
    public CertificateDetails show(@PathParam("unit") String unit, @PathParam("sha256") String sha256) {
        return CertificateDetails.of(find(unit, sha256), node, clock.instant());
    }

    @GET
    @Path("/{unit}/{sha256}/pem")
    @Produces(PEM)
    public Response pem(@PathParam("unit") String unit, @PathParam("sha256") String sha256) {
        CertificateEntry entry = find(unit, sha256);
        return download(Pem.certificate(entry.der), PEM, entry, "pem");
    }

    @GET
    @Path("/{unit}/{sha256}/der")
    @Produces(DER)
    public Response der(@PathParam("unit") String unit, @PathParam("sha256") String sha256) {
        CertificateEntry entry = find(unit, sha256);
        return download(entry.der, DER, entry, "der");
    }

    /** The certificates this one issued on this node: the chains its deletion would break. */
    @GET
    @Path("/{unit}/{sha256}/issued")
    public java.util.List<CertificateSummary> issued(@PathParam("unit") String unit, @PathParam("sha256") String sha256) {
        var now = clock.instant();
        return deletion.issuedBy(unit, sha256).stream().map(e -> CertificateSummary.of(e, node, now)).toList();
    }

    /** Irreversible; needs {@code confirm=true}. Identity certificates are refused (409). */
    @DELETE
    @Path("/{unit}/{sha256}")
    @RolesAllowed(Roles.ADMIN)
    public DeleteResult delete(@PathParam("unit") String unit, @PathParam("sha256") String sha256,
            @QueryParam("confirm") boolean confirm) {
        var deleted = deletion.delete(unit, sha256, confirm);
        var now = clock.instant();
        return new DeleteResult(CertificateSummary.of(deleted.certificate(), node, now),
                deleted.brokenChains().stream().map(e -> CertificateSummary.of(e, node, now)).toList());
    }

    private CertificateEntry find(String unit, String sha256) {
        return inventory.get(unit, sha256);
    }

    private static Response download(Object body, String type, CertificateEntry entry, String extension) {
        String file = entry.commonName.replaceAll("[^A-Za-z0-9._-]", "_") + "." + extension;
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }
}
