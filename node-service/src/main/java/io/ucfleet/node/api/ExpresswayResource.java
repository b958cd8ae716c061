package io.ucfleet.node.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.expressway.DecodedCertificate;
import io.ucfleet.node.expressway.TrustedCaList;
import io.ucfleet.node.expressway.UcNames;
import io.ucfleet.node.expressway.CertificateConversion;
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
    TrustedCaList trustedCaList;
    @Inject
    Clock clock;
    @Inject
    UcNames ucNames;

    /** The current server certificate, PEM. */
    @GET
    @Path("/server")
    @Produces(MediaType.TEXT_PLAIN)
    public String server() {
        requireExpressway();
        return Pem.certificate(identities.current(IdentityProfile.EXPRESSWAY_SERVER.unit).der);
    }

    /**
     * Multipart field {@code file}: the server certificate, PEM; optionally {@code private_key}
     * (or {@code privateKey}, the page's name): the server private key PEM file, when the request
     * was made elsewhere (seed 004). The key is sealed with the identity and never answered.
     */
    @POST
    @Path("/server")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> loadServer(@RestForm("file") FileUpload file, @RestForm("private_key") FileUpload privateKey,
            @RestForm("privateKey") FileUpload privateKeyCamel) {
        requireExpressway();
        if (privateKey != null && privateKeyCamel != null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Send the server private key once, as \"private_key\";"
                    + " the body has both \"private_key\" and \"privateKey\". Nothing was changed.");
        }
        FileUpload key = privateKey != null ? privateKey : privateKeyCamel;
        var result = installation.upload(IdentityProfile.EXPRESSWAY_SERVER.unit, bytes(file),
                key == null ? null : UploadedFiles.read(key, config.maxUploadBytes()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", "Server certificate loaded; it is used after a restart.");
        answer.put("Subject", result.certificate().subject);
        answer.put("Issuer", result.certificate().issuer);
        answer.put("SHA256", result.certificate().sha256);
        answer.put("TrustedCAsAdded", result.trustImported().size());
        List<String> warnings = new ArrayList<>(result.warnings().stream().map(w -> w.message()).toList());
        warnings.addAll(ucNames.loadedCertificateWarnings());
        if (!warnings.isEmpty()) {
            answer.put("Warnings", warnings);
        }
        return answer;
    }

    /** Show all (PEM file): every certificate of the trusted CA list, PEM, in the order they were added. */
    @GET
    @Path("/root")
    @Produces(MediaType.TEXT_PLAIN)
    public String trustedCaList() {
        return trustedCaList.pemFile();
    }

    /** Show all (decoded): every certificate of the list in human-readable form. */
    @GET
    @Path("/root/decoded")
    @Produces(MediaType.TEXT_PLAIN)
    public String trustedCaListDecoded() {
        return trustedCaList.decoded();
    }

    /** View (decoded) of one certificate of the list, by SHA-256 fingerprint (hex, colons allowed). */
    @GET
    @Path("/root/{sha256}")
    public Map<String, Object> trustedCa(@RestPath String sha256) {
        CertificateEntry e = trustedCaList.get(sha256);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("SHA256", e.sha256);
        answer.put("Subject", e.subject);
        answer.put("Issuer", e.issuer.equals(e.subject) ? "Matches Issuer" : e.issuer);
        answer.put("SerialNumber", e.serialNumber);
        answer.put("ExpirationDate", e.notAfter.toString());
        answer.put("Validity", TrustedCaList.validity(e, clock.instant()));
        answer.put("Decoded", DecodedCertificate.text(e.holder()));
        answer.put("PEM", Pem.certificate(e.der));
        return answer;
    }

    /** Append CA certificate. Multipart {@code file}: CA certificates (and CRLs), PEM; those already in the list are not added again. */
    @POST
    @Path("/root")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> appendTrustedCas(@RestForm("file") FileUpload file) {
        requireExpressway();
        TrustedCaList.Appended appended = trustedCaList.append(bytes(file));
        TrustImport.Result r = appended.certificates();
        Map<String, Object> answer = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        answer.put("Message", (r == null ? 0 : r.imported().size()) + " certificate(s) appended to the trusted CA list, "
                + (r == null ? 0 : r.alreadyPresent().size()) + " already present"
                + (appended.crls() == null ? "." : "; " + appended.crls().crls().size() + " CRL(s) loaded from the file."));
        answer.put("Added", r == null ? List.of() : r.imported().stream().map(e -> e.subject).toList());
        answer.put("AlreadyPresent", r == null ? List.of() : r.alreadyPresent().stream().map(e -> e.subject).toList());
        if (r != null) {
            r.warnings().forEach(w -> warnings.add(w.message()));
        }
        if (appended.crls() != null) {
            answer.put("CRLs", appended.crls().crls().stream().map(c -> c.issuer).toList());
            warnings.addAll(appended.crls().warnings());
        }
        if (!warnings.isEmpty()) {
            answer.put("Warnings", warnings);
        }
        return answer;
    }

    /** Delete the ticked certificates: {@code ?sha256=..&sha256=..}; all or nothing. */
    @DELETE
    @Path("/root")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> deleteTrustedCas(@RestQuery("sha256") List<String> sha256) {
        return deleted(trustedCaList.delete(sha256));
    }

    @DELETE
    @Path("/root/{sha256}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> deleteTrustedCa(@RestPath("sha256") String sha256) {
        return deleted(trustedCaList.delete(List.of(sha256)));
    }

    /** Reset to default CA certificate: the list is the temporary CA again. */
    @POST
    @Path("/root/reset")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> resetTrustedCas() {
        TrustedCaList.Reset reset = trustedCaList.resetToDefault();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", "The trusted CA list is back to its default, the temporary CA: " + reset.removed().size()
                + " certificate(s) removed" + (reset.restored().isEmpty() ? "." : ", the temporary CA put back."));
        answer.put("Removed", reset.removed().stream().map(e -> e.subject).toList());
        answer.put("Restored", reset.restored().stream().map(e -> e.subject).toList());
        return answer;
    }

    /** Reset to default server certificate: a new key and a certificate of the temporary CA, used after a restart. */
    @POST
    @Path("/server/reset")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> resetServer() {
        requireExpressway();
        CertificateEntry e = identities.resetToDefault(IdentityProfile.EXPRESSWAY_SERVER.unit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", "Server certificate reset to the default, issued by the temporary CA; it is used after a restart.");
        answer.put("Subject", e.subject);
        answer.put("Issuer", e.issuer);
        answer.put("SHA256", e.sha256);
        List<String> warnings = ucNames.loadedCertificateWarnings();
        if (!warnings.isEmpty()) {
            answer.put("Warnings", warnings);
        }
        return answer;
    }

    /** The Unified Communications names of the server certificate's SAN (seed 004), as this node knows them. */
    @GET
    @Path("/uc_names")
    public Map<String, Object> ucNames() {
        return ucNames.view();
    }

    /**
     * Saves them whole: {@code ChatNodeAliases}, {@code PhoneSecurityProfiles} (Expressway-C),
     * {@code Domains} and {@code XmppFederation} (On/Off, Expressway-E); a list is an array or one
     * string of names split by commas or whitespace; a member left out is empty (Off).
     */
    @PUT
    @Path("/uc_names")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> saveUcNames(byte[] body) {
        requireExpressway();
        JsonNode json = body == null || body.length == 0 ? CertmgrJson.parse("{}") : CertmgrJson.parse(body, config.maxUploadBytes());
        if (!json.isObject()) {
            throw CertmgrJson.invalid("body", "must be a JSON object");
        }
        List<String> known = new ArrayList<>(java.util.Arrays.stream(UcNames.Field.values()).map(f -> f.json).toList());
        known.add("XmppFederation");
        for (var names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw CertmgrJson.invalid(name, "is not a setting; the settings are " + known);
            }
        }
        java.util.Set<UcNames.Field> given = java.util.EnumSet.noneOf(UcNames.Field.class);
        Map<UcNames.Field, List<String>> lists = new java.util.EnumMap<>(UcNames.Field.class);
        for (UcNames.Field f : UcNames.Field.values()) {
            List<String> names = CertmgrJson.strings(json, f.json);
            if (json.has(f.json)) {
                given.add(f);
            }
            // One string is a list as a page's field gives it; an array's items are names as they are.
            boolean oneString = json.has(f.json) && json.get(f.json).isTextual();
            lists.put(f, names.stream().flatMap(n -> oneString ? java.util.Arrays.stream(n.split("[\\s,]+")) : java.util.stream.Stream.of(n.strip()))
                    .filter(n -> !n.isBlank()).toList());
        }
        String federation = CertmgrJson.text(json, "XmppFederation");
        if (federation != null && !List.of("on", "off", "true", "false").contains(federation.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw CertmgrJson.invalid("XmppFederation", "must be On or Off");
        }
        boolean on = federation != null && List.of("on", "true").contains(federation.strip().toLowerCase(java.util.Locale.ROOT));
        ucNames.save(new UcNames.Settings(lists.get(UcNames.Field.CHAT_NODE_ALIASES), lists.get(UcNames.Field.PHONE_SECURITY_PROFILES),
                lists.get(UcNames.Field.DOMAINS), on), given, json.has("XmppFederation"));
        return ucNames.view();
    }

    /** Seed 004, appendix 3: multipart {@code file}, a DER certificate; the answer is its PEM. */
    @POST
    @Path("/utilities/der_to_pem")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_PLAIN)
    public String derToPem(@RestForm("file") FileUpload file) {
        requireExpressway();
        return CertificateConversion.derToPem(bytes(file));
    }

    /** Seed 004, appendix 4: multipart {@code file}, a certificate, PEM or DER; the answer is {@code openssl x509 -text}'s text. */
    @POST
    @Path("/utilities/decode")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_PLAIN)
    public String decode(@RestForm("file") FileUpload file) {
        requireExpressway();
        return CertificateConversion.decode(bytes(file));
    }

    private static Map<String, Object> deleted(List<CertificateEntry> deleted) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", deleted.size() + " certificate(s) deleted from the trusted CA list.");
        answer.put("Deleted", deleted.stream().map(e -> e.subject).toList());
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
