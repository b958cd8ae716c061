package io.ucfleet.node.api;

import java.time.Clock;
import java.util.List;
import java.util.Map;

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

import io.ucfleet.node.api.Representations.CertificateSummary;
import io.ucfleet.node.api.Representations.ImportWarning;
import io.ucfleet.node.api.Representations.UploadResult;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.truststore.TrustStores;

/**
 * "Upload Certificate / Certificate Chain" into a trust store. The body is the file as is:
 * PEM (one or many), DER, or PKCS#7, e.g. {@code curl --data-binary @root.pem}.
 */
@Path("/api/v1/trust-stores")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class TrustStoreResource {
    @Inject
    TrustStores stores;
    @Inject
    TrustImport trustImport;
    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    public record TrustStoreInfo(String name, long certificates, String href) {
    }

    @GET
    public List<TrustStoreInfo> list() {
        return stores.names().stream().map(name -> new TrustStoreInfo(name, CertificateEntry.count("unit", name),
                "/api/v1/certificates?unit=" + name)).toList();
    }

    @POST
    @Path("/{store}/certificates")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<UploadResult> upload(@PathParam("store") String store,
            @QueryParam("description") String description, byte[] body) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is " + body.length
                    + " bytes; the limit is " + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
        var result = trustImport.upload(store, body, description);
        var now = clock.instant();
        var answer = new UploadResult(
                result.imported().stream().map(e -> CertificateSummary.of(e, node, now)).toList(),
                result.alreadyPresent().stream().map(e -> CertificateSummary.of(e, node, now)).toList(),
                result.warnings().stream().map(w -> new ImportWarning(w.sha256(), w.code(), w.message())).toList());
        return result.imported().isEmpty() ? RestResponse.ok(answer) : RestResponse.status(RestResponse.Status.CREATED, answer);
    }
}
