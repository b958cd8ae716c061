package io.ucfleet.node.api;

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
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * The REST API of real Expressways ({@code expressway-api.md}): server certificate, trusted CA
 * list and CSR, as scripts for real nodes call them. A third thin front over the same domain
 * code as {@code /api/v1} and certmgr; the node's rules (one CSR in progress, PEM only, no
 * wildcards) come from its role's {@link io.ucfleet.node.profile.CertificatePolicy}. Other
 * roles answer 404: the paths do not exist on a Unified CM node.
 */
@Path("/api/provisioning/certs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ExpresswayResource {
    /** The file the VCS calls its trusted CA list. */
    static final String TRUSTED_CA_LIST = "trusted-ca-list";

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    Csrs csrs;
    @Inject
    CaSignedInstallation installation;
    @Inject
    TrustImport trustImport;

    /** The current server certificate, PEM. */
    @GET
    @Path("/server")
    @Produces(MediaType.TEXT_PLAIN)
    public String server() {
        requireExpressway();
        return Pem.certificate(identities.current(IdentityProfile.EXPRESSWAY_SERVER.unit).der);
    }

    /** Multipart field {@code file}: the certificate signed from the pending CSR, PEM. */
    @POST
    @Path("/server")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> loadServer(@RestForm("file") FileUpload file) {
        requireExpressway();
        var result = installation.upload(IdentityProfile.EXPRESSWAY_SERVER.unit, bytes(file));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", "Server certificate loaded; it is used after a restart.");
        answer.put("Subject", result.certificate().subject);
        answer.put("Issuer", result.certificate().issuer);
        answer.put("SHA256", result.certificate().sha256);
        answer.put("TrustedCAsAdded", result.trustImported().size());
        if (!result.warnings().isEmpty()) {
            answer.put("Warnings", result.warnings().stream().map(w -> w.message()).toList());
        }
        return answer;
    }

    /** Every certificate of the trusted CA list, PEM, in the order they were added. */
    @GET
    @Path("/root")
    @Produces(MediaType.TEXT_PLAIN)
    public String trustedCaList() {
        requireExpressway();
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder out = new StringBuilder();
            CertificateEntry.<CertificateEntry>list("unit = ?1 order by id", TRUSTED_CA_LIST)
                    .forEach(e -> out.append(Pem.certificate(e.der)));
            return out.toString();
        });
    }

    /** Multipart field {@code file}: CA certificates, PEM, appended; those already in the list are not added again. */
    @POST
    @Path("/root")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> appendTrustedCas(@RestForm("file") FileUpload file) {
        requireExpressway();
        TrustImport.Result r = trustImport.upload(TRUSTED_CA_LIST, bytes(file), null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", r.imported().size() + " certificate(s) appended to the trusted CA list, "
                + r.alreadyPresent().size() + " already present.");
        answer.put("Added", r.imported().stream().map(e -> e.subject).toList());
        answer.put("AlreadyPresent", r.alreadyPresent().stream().map(e -> e.subject).toList());
        if (!r.warnings().isEmpty()) {
            answer.put("Warnings", r.warnings().stream().map(TrustImport.Warning::message).toList());
        }
        return answer;
    }

    /** The CSR in progress, PEM; 404 with a JSON body when there is none. */
    @GET
    @Path("/generate_csr")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public String pendingCsr() {
        requireExpressway();
        return CsrView.pem(csrs.pending(IdentityProfile.EXPRESSWAY_SERVER.unit));
    }

    /**
     * {@code Additional_FQDNS}, {@code Country}, {@code KeyLength} (number or string),
     * {@code DigestAlgorithm}, {@code Province}, {@code Locality}, {@code Organization},
     * {@code OrganizationalUnit}, {@code Email}: all optional, read liberally. CN is the node's FQDN.
     */
    @POST
    @Path("/generate_csr")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> generateCsr(byte[] body) {
        requireExpressway();
        JsonNode json = body == null || body.length == 0 ? CertmgrJson.parse("{}") : CertmgrJson.parse(body, config.maxUploadBytes());
        if (!json.isObject()) {
            throw CertmgrJson.invalid("body", "must be a JSON object");
        }
        CsrRequest request = CsrRequest.of(IdentityProfile.EXPRESSWAY_SERVER.unit, null, null,
                CertmgrJson.text(json, "Organization"), CertmgrJson.text(json, "OrganizationalUnit"),
                CertmgrJson.text(json, "Locality"), CertmgrJson.text(json, "Province"), CertmgrJson.text(json, "Country"),
                null, CertmgrJson.integer(json, "KeyLength"), CertmgrJson.text(json, "DigestAlgorithm"),
                CertmgrJson.strings(json, "Additional_FQDNS")).withEmail(CertmgrJson.text(json, "Email"));
        return csrs.generate(request).map(g -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("Message", "CSR generated; have it signed, then load the certificate, or Discard CSR to start over.");
            answer.put("CSR", CsrView.pem(g.csr()));
            if (!g.warnings().isEmpty()) {
                answer.put("Warnings", g.warnings().stream().map(w -> w.message()).toList());
            }
            return answer;
        });
    }

    private void requireExpressway() {
        if (!node.role().isExpressway()) {
            throw new DomainProblem(ProblemType.EXPRESSWAY_ONLY, "/api/provisioning/certs is the Expressway REST API; "
                    + node.fqdn() + " is a " + node.role().displayName + " node.");
        }
    }

    /** The multipart field's content; a request without it changes nothing. */
    private byte[] bytes(FileUpload file) {
        if (file == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The multipart/form-data body has no \"file\" field;"
                    + " send the PEM file as file=@cert.pem.", Map.of("errors", List.of(Map.of("field", "file",
                            "message", "is required"))));
        }
        return UploadedFiles.read(file, config.maxUploadBytes());
    }
}
