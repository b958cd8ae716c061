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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.node.api.Representations.UploadResult;
import io.ucfleet.node.config.Node;
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
    Clock clock;

    public record TrustStoreInfo(String name, long certificates, String href) {
    }

    @GET
    public List<TrustStoreInfo> list() {
        return stores.summaries().stream()
                .map(s -> new TrustStoreInfo(s.name(), s.certificates(), "/api/v1/certificates?unit=" + s.name())).toList();
    }

    @POST
    @Path("/{store}/certificates")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<UploadResult> upload(@PathParam("store") String store,
            @QueryParam("description") String description, byte[] body) {
        var result = trustImport.upload(store, body, description);
        var answer = UploadResult.of(result, node, clock.instant());
        return result.imported().isEmpty() ? RestResponse.ok(answer) : RestResponse.status(RestResponse.Status.CREATED, answer);
    }
}
