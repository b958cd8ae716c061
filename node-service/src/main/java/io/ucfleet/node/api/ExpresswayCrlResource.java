package io.ucfleet.node.api;

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
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.crl.CrlFetchRow;
import io.ucfleet.node.crl.CrlRow;
import io.ucfleet.node.crl.CrlUpdateSettings;
import io.ucfleet.node.crl.Crls;
import io.ucfleet.node.crl.RevocationCheck;
import io.ucfleet.node.crl.SipRevocationSettings;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * CRL management (seed 004) for scripts, beside the Expressway REST API's certificate paths:
 * ucfleet's extension, as {@code expressway-api.md} names no CRL path (README). A thin front
 * over {@link Crls}; only on Expressway roles (elsewhere 404 {@code expressway-only}).
 */
@Path("/api/provisioning/certs/crl")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ExpresswayCrlResource {
    @Inject
    Crls crls;
    @Inject
    NodeConfig config;

    /** The loaded CRLs: source, issuer, this/next update, CRL number, number of entries. */
    @GET
    public List<Map<String, Object>> list() {
        return crls.list().stream().map(l -> {
            Map<String, Object> m = row(l.row());
            m.put("SignedByTrustedCA", l.signedByTrustedCa());
            m.put("Expired", l.expired());
            return m;
        }).toList();
    }

    /** One loaded CRL, PEM. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_PLAIN)
    public String crl(@RestPath String id) {
        return Pem.encode("X509 CRL", crls.get(id(id)).der);
    }

    /** Upload CRL file: multipart {@code file}, PEM; replaces the previously uploaded file. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> upload(@RestForm("file") FileUpload file) {
        crls.requireExpressway();
        Crls.Loaded loaded = crls.uploadManual(file(file));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", loaded.crls().size() + " CRL(s) loaded from the file; it replaced the previous CRL file ("
                + loaded.replaced() + " CRL(s)).");
        answer.put("CRLs", loaded.crls().stream().map(ExpresswayCrlResource::row).toList());
        if (!loaded.warnings().isEmpty()) {
            answer.put("Warnings", loaded.warnings());
        }
        return answer;
    }

    /** Remove revocation list: the manually uploaded CRL file. */
    @DELETE
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> removeManual() {
        int removed = crls.removeManual();
        return Map.of("Message", removed == 0 ? "No CRL file was uploaded; nothing was removed."
                : "The uploaded CRL file was removed (" + removed + " CRL(s)).");
    }

    /** Automatic CRL updates: the settings and the last download from each point. */
    @GET
    @Path("/automatic")
    public Map<String, Object> automatic() {
        return automatic(crls.settings(), crls.fetches());
    }

    /**
     * JSON {@code AutomaticCRLUpdates} (Enabled/Disabled), {@code DistributionPoints} (array, or
     * one string of lines), {@code DailyUpdateTime} (HH:MM, UTC); a member left out is its default.
     */
    @PUT
    @Path("/automatic")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> saveAutomatic(byte[] body) {
        crls.requireExpressway();
        JsonNode json = body == null || body.length == 0 ? CertmgrJson.parse("{}") : CertmgrJson.parse(body, config.maxUploadBytes());
        if (!json.isObject()) {
            throw CertmgrJson.invalid("body", "must be a JSON object");
        }
        CrlUpdateSettings settings = CrlUpdateSettings.parse(CertmgrJson.text(json, "AutomaticCRLUpdates"),
                String.join("\n", CertmgrJson.strings(json, "DistributionPoints")), CertmgrJson.text(json, "DailyUpdateTime"));
        return automatic(crls.save(settings), crls.fetches());
    }

    /** Download from every distribution point now (ucfleet's; the node also does it daily at the update time). */
    @POST
    @Path("/automatic/update")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> updateNow() {
        List<Crls.Fetch> outcomes = crls.updateNow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", outcomes.stream().filter(Crls.Fetch::succeeded).count() + " of " + outcomes.size()
                + " distribution point(s) downloaded.");
        answer.put("DistributionPoints", outcomes.stream().map(o -> Map.of("URL", o.distributionPoint(), "Succeeded",
                o.succeeded(), "Detail", o.detail(), "CRLs", o.crls())).toList());
        return answer;
    }

    /**
     * Revocation check of a certificate (multipart {@code file}: the certificate, PEM, then any
     * intermediates; {@code purpose}: tls (default), sip-tls, policy-server or ldap): each
     * certificate's state under seed 004's rules.
     */
    @POST
    @Path("/check")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Map<String, Object> check(@RestForm("file") FileUpload file, @RestForm("purpose") String purpose) {
        crls.requireExpressway();
        var chain = CertificateDecoder.decodeAll(UploadedFiles.read(required(file), config.maxUploadBytes()));
        var statuses = crls.check(chain, purpose(purpose));
        Map<String, Object> answer = new LinkedHashMap<>();
        boolean revoked = statuses.stream().anyMatch(RevocationCheck.Status::revoked);
        answer.put("Result", revoked ? "Revoked"
                : statuses.stream().allMatch(s -> s.state() == RevocationCheck.State.NOT_CHECKED) ? "Not checked"
                : statuses.stream().allMatch(s -> s.state() == RevocationCheck.State.NOT_REVOKED) ? "Not revoked"
                : "Revocation status unknown");
        List<Map<String, Object>> certificates = new java.util.ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            certificates.add(Map.of("Subject", chain.get(i).getSubject().toString(), "SerialNumber",
                    CertificateFacts.serialHex(chain.get(i).getSerialNumber()), "State", statuses.get(i).state().name(),
                    "Detail", statuses.get(i).detail()));
        }
        answer.put("Certificates", certificates);
        return answer;
    }

    /** Configuration > SIP, Certificate revocation checking. */
    @GET
    @Path("/sip_revocation")
    public Map<String, Object> sipRevocation() {
        return sip(crls.sipSettings());
    }

    /**
     * JSON {@code CertificateRevocationCheckingMode} (Auto/Off), {@code UseOCSP}, {@code UseCRLs},
     * {@code AllowCRLDownloadsFromCDPs} (Yes/No), {@code FallbackBehavior} (Treat as revoked /
     * Treat as not revoked); a member left out is its default.
     */
    @PUT
    @Path("/sip_revocation")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> saveSipRevocation(byte[] body) {
        crls.requireExpressway();
        JsonNode json = body == null || body.length == 0 ? CertmgrJson.parse("{}") : CertmgrJson.parse(body, config.maxUploadBytes());
        if (!json.isObject()) {
            throw CertmgrJson.invalid("body", "must be a JSON object");
        }
        return sip(crls.saveSip(SipRevocationSettings.parse(CertmgrJson.text(json, "CertificateRevocationCheckingMode"),
                CertmgrJson.text(json, "UseOCSP"), CertmgrJson.text(json, "UseCRLs"),
                CertmgrJson.text(json, "AllowCRLDownloadsFromCDPs"), CertmgrJson.text(json, "FallbackBehavior"))));
    }

    private static Map<String, Object> sip(SipRevocationSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CertificateRevocationCheckingMode", s.modeText());
        m.put("UseOCSP", s.useOcsp() ? "Yes" : "No");
        m.put("UseCRLs", s.useCrls() ? "Yes" : "No");
        m.put("AllowCRLDownloadsFromCDPs", s.allowCdpDownloads() ? "Yes" : "No");
        m.put("FallbackBehavior", s.fallbackText());
        return m;
    }

    static Map<String, Object> row(CrlRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id);
        m.put("Source", r.source.displayName);
        if (r.distributionPoint != null) {
            m.put("DistributionPoint", r.distributionPoint);
        }
        m.put("Issuer", r.issuer);
        m.put("ThisUpdate", r.thisUpdate.toString());
        m.put("NextUpdate", r.nextUpdate == null ? null : r.nextUpdate.toString());
        m.put("CRLNumber", r.crlNumber);
        m.put("Entries", r.entries);
        m.put("SHA256", r.sha256);
        return m;
    }

    private static Map<String, Object> automatic(CrlUpdateSettings s, List<CrlFetchRow> fetches) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AutomaticCRLUpdates", s.automaticUpdates() ? "Enabled" : "Disabled");
        m.put("DistributionPoints", s.distributionPoints().stream().map(Object::toString).toList());
        m.put("DailyUpdateTime", s.dailyUpdateTimeText());
        m.put("LastDownloads", fetches.stream().map(f -> Map.of("URL", f.distributionPoint, "At", f.attemptedAt.toString(),
                "Succeeded", f.succeeded, "Detail", f.detail, "CRLs", f.crls)).toList());
        return m;
    }

    private static RevocationCheck.Purpose purpose(String purpose) {
        String p = purpose == null || purpose.isBlank() ? "tls" : purpose.strip();
        for (RevocationCheck.Purpose candidate : RevocationCheck.Purpose.values()) {
            if (candidate.name().replace('_', '-').equalsIgnoreCase(p)) {
                return candidate;
            }
        }
        throw new DomainProblem(ProblemType.INVALID_REQUEST, "purpose " + io.ucfleet.platform.problem.ProblemBody.quote(p)
                + " is not one of tls, sip-tls, policy-server, ldap.", Map.of("errors", List.of(Map.of("field", "purpose",
                        "message", "one of tls, sip-tls, policy-server, ldap"))));
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new DomainProblem(ProblemType.CRL_NOT_FOUND, "No CRL with id " + io.ucfleet.platform.problem.ProblemBody.quote(id)
                    + " is loaded; ids are the numbers GET /api/provisioning/certs/crl lists.");
        }
    }

    private byte[] file(FileUpload file) {
        return UploadedFiles.read(required(file), config.expressway().crl().maxBytes());
    }

    private static FileUpload required(FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The multipart/form-data body has no \"file\" field;"
                    + " send the PEM file as file=@crl.pem.", Map.of("errors", List.of(Map.of("field", "file",
                            "message", "is required"))));
        }
        return file;
    }
}
