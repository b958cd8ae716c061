package io.ucfleet.node.api;

import io.ucfleet.node.certmgr.CertmgrViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.Pem;

/**
 * The Cisco certificate-management REST API of Unified CM 14+ ({@code certmgr-api.md}), so
 * scripts written for real nodes run unchanged: a second thin front over the same domain code
 * as {@code /api/v1}. Privilege levels map onto our roles: privilege 1 (read-write) is
 * {@code admin}, privilege 0 (read only) is {@code read-only}; wrong or missing credentials
 * are 401 with realm {@code CMPlatform}, a read-only account writing is 403.
 */
@Path("/platformcom/api/v1/certmgr/config")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CertmgrResource {
    public static final String REALM = "CMPlatform";

    @Inject
    Csrs csrs;
    @Inject
    CaSignedInstallation installation;
    @Inject
    TrustImport trustImport;
    @Inject
    CertmgrViews views;
    @Inject
    io.ucfleet.node.config.NodeConfig config;

    /** {@code service}, {@code distribution}, {@code commonName}, optional key, hash and {@code altNames}; answers {@code {"csr": PEM}}. */
    @POST
    @Path("/csr")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> csr(byte[] body) {
        JsonNode json = CertmgrJson.parse(body, config.maxUploadBytes());
        CsrRequest request = CsrRequest.of(CertmgrJson.required(json, "service"), CertmgrJson.text(json, "distribution"),
                CertmgrJson.text(json, "commonName"), CertmgrJson.text(json, "organization"),
                CertmgrJson.text(json, "organizationalUnit"), CertmgrJson.text(json, "locality"),
                CertmgrJson.text(json, "state"), CertmgrJson.text(json, "country"), CertmgrJson.text(json, "keyType"),
                CertmgrJson.integer(json, "keyLength"), CertmgrJson.text(json, "hashAlgorithm"),
                CertmgrJson.strings(json, "altNames"));
        return csrs.generate(request).map(g -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("csr", CsrView.pem(g.csr()));
            if (!g.warnings().isEmpty()) {
                answer.put("warnings", g.warnings());
            }
            return answer;
        });
    }

    @GET
    @Path("/csr")
    public Map<String, String> pendingCsr(@QueryParam("service") String service) {
        return views.pendingCsr(requiredQuery(service));
    }

    /** {@code service} (a string) and {@code certificates} (PEM strings: the leaf alone or with its chain). */
    @POST
    @Path("/identity/certificates")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> identity(byte[] body) {
        JsonNode json = CertmgrJson.parse(body, config.maxUploadBytes());
        String service = CertmgrJson.required(json, "service");
        var result = installation.upload(service, CertmgrJson.pemUpload(CertmgrJson.strings(json, "certificates"), "certificates"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service", result.certificate().unit);
        answer.put("certificate", Pem.certificate(result.certificate().der));
        answer.put("servicesToRestart", result.servicesToRestart().stream().map(s -> s.displayName).toList());
        answer.put("nodes", result.nodes());
        answer.put("message", "Certificate uploaded; restart " + result.servicesToRestart().stream().map(s -> s.displayName).toList()
                + " to use it.");
        if (!result.warnings().isEmpty()) {
            answer.put("warnings", result.warnings());
        }
        return answer;
    }

    @GET
    @Path("/identity/certificate")
    public CertmgrViews.Identity currentIdentity(@QueryParam("service") String service) {
        return views.identity(requiredQuery(service));
    }

    /** {@code service} (an array of units, e.g. {@code ["tomcat"]} = tomcat-trust), {@code certificates}, {@code description}. */
    @POST
    @Path("/trust/certificates")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> trust(byte[] body) {
        JsonNode json = CertmgrJson.parse(body, config.maxUploadBytes());
        List<String> services = CertmgrJson.strings(json, "service");
        if (services.isEmpty()) {
            throw CertmgrJson.invalid("service", "must name at least one trust store, e.g. [\"tomcat\"]");
        }
        byte[] upload = CertmgrJson.pemUpload(CertmgrJson.strings(json, "certificates"), "certificates");
        String description = CertmgrJson.text(json, "description");
        // All stores or none; locked in sorted order like every other change, so uploads never deadlock.
        List<String> stores = services.stream().map(views::trustStore).distinct().sorted().toList();
        List<Map<String, Object>> results = QuarkusTransaction.requiringNew().call(() -> stores.stream().map(store -> {
            TrustImport.Result r = trustImport.upload(store, upload, description);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("service", store);
            one.put("imported", r.imported().stream().map(e -> CertmgrViews.trustEntry(e).filename()).toList());
            one.put("alreadyPresent", r.alreadyPresent().stream().map(e -> CertmgrViews.trustEntry(e).filename()).toList());
            one.put("replaced", r.replaced().stream().map(x -> Map.of("filename", CertmgrViews.trustEntry(x.certificate())
                    .filename(), "replaced", x.replaced().stream().map(e -> CertmgrViews.trustEntry(e).filename()).toList()))
                    .toList());
            one.put("notUploaded", r.notUploaded().stream().map(n -> Map.of("sha256", n.sha256(), "keptExisting",
                    CertmgrViews.trustEntry(n.kept()).filename())).toList());
            one.put("warnings", r.warnings());
            return one;
        }).toList());
        return Map.of("results", results);
    }

    @GET
    @Path("/trust/certificate")
    public List<CertmgrViews.TrustEntry> trustList(@QueryParam("service") String service) {
        return views.trust(views.trustStore(requiredQuery(service)));
    }

    @GET
    @Path("/snapshot/server")
    public CertmgrViews.Snapshot snapshot() {
        return views.snapshot();
    }

    /** Real nodes challenge with realm CMPlatform (certmgr-api.md). */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        var body = ProblemBody.of(ProblemType.UNAUTHORIZED, "Send HTTP Basic credentials of a platform administrator account.");
        return Response.status(401).type(ProblemBody.MEDIA_TYPE).entity(body)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"").build();
    }

    private static String requiredQuery(String service) {
        if (service == null || service.isBlank()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Query parameter \"service\" is required, e.g. ?service=tomcat.",
                    Map.of("errors", List.of(Map.of("field", "service", "message", "is required"))));
        }
        return service.strip();
    }

}
