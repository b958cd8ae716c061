package io.ucfleet.node.pages;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.ucfleet.node.api.UploadedFiles;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.crl.CrlUpdateSettings;
import io.ucfleet.node.crl.Crls;
import io.ucfleet.node.crl.SipRevocationSettings;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.expressway.DecodedCertificate;
import io.ucfleet.node.expressway.TrustedCaList;
import io.ucfleet.node.expressway.CertificateConversion;
import io.ucfleet.node.expressway.UcNames;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.pages.ExpresswayViews.CaRow;
import io.ucfleet.node.pages.ExpresswayViews.CrlLine;
import io.ucfleet.node.pages.ExpresswayViews.CrlPage;
import io.ucfleet.node.pages.ExpresswayViews.Done;
import io.ucfleet.node.pages.ExpresswayViews.FetchLine;
import io.ucfleet.node.pages.ExpresswayViews.ServerPage;
import io.ucfleet.node.pages.Views.Session;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * Expressway's Maintenance > Security certificates pages (seed 004): Server certificate,
 * Trusted CA certificate and CRL management, under {@code /cmplatform/expressway/} so the
 * Certificate Management login, session cookie and {@link CrossSiteGuard} serve them too. Each
 * handler is one domain call, as the Expressway REST API's; other roles get 404 as there.
 */
@Path("/cmplatform/expressway")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ExpresswayPages {
    private static final String SERVER = "/cmplatform/expressway/server-certificate";
    private static final String TRUSTED = "/cmplatform/expressway/trusted-ca-certificate";
    private static final String CRL = "/cmplatform/expressway/crl-management";
    private static final String UTILITIES = "/cmplatform/expressway/certificate-utilities";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance serverCertificate(Session s, ServerPage p);

        static native TemplateInstance generateCsr(Session s, String fqdn);

        static native TemplateInstance trustedCaCertificate(Session s, List<CaRow> rows);

        static native TemplateInstance crlManagement(Session s, CrlPage p);

        static native TemplateInstance sip(Session s, SipRevocationSettings r);

        static native TemplateInstance text(Session s, String title, String text, String back);

        static native TemplateInstance certificateUtilities(Session s);

        static native TemplateInstance done(Session s, Done d);

        static native TemplateInstance error(Session s, int status, String title, String detail);
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    CrossSiteGuard guard;
    @Inject
    Identities identities;
    @Inject
    Csrs csrs;
    @Inject
    CaSignedInstallation installation;
    @Inject
    TrustedCaList trustedCaList;
    @Inject
    Crls crls;
    @Inject
    UcNames ucNames;
    @Inject
    io.ucfleet.node.config.Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;

    // --- Server certificate ---

    @GET
    @Path("/server-certificate")
    public TemplateInstance serverCertificate() {
        trustedCaList.requireExpressway();
        CertificateEntry current = identities.current(IdentityProfile.EXPRESSWAY_SERVER.unit);
        PendingCsr pending = pendingCsr();
        return Templates.serverCertificate(session(), new ServerPage(current.subject, ExpresswayViews.date(current.notAfter),
                pending != null, pending == null ? "" : ExpresswayViews.date(pending.createdAt),
                pending == null ? "" : CsrView.of(pending).subject(), warnings()));
    }

    /** The key's conditions and the renewal the UC names need. */
    private List<String> warnings() {
        List<String> warnings = new ArrayList<>(identities.keyWarnings());
        warnings.addAll(ucNames.renewalWarnings());
        return warnings;
    }

    /** Reset to default server certificate (seed 004): one of the temporary CA, used after a restart. */
    @POST
    @Path("/server-certificate/reset")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance resetServerCertificate(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        CertificateEntry e = identities.resetToDefault(IdentityProfile.EXPRESSWAY_SERVER.unit);
        List<String> lines = new ArrayList<>();
        lines.add("The server certificate is now " + e.subject + ", issued by the temporary CA (" + e.issuer + "); expires on "
                + ExpresswayViews.date(e.notAfter) + ".");
        lines.add("Restart the Expressway for the new server certificate to take effect.");
        ucNames.loadedCertificateWarnings().forEach(w -> lines.add("Warning: " + w));
        return Templates.done(session(), new Done("Server certificate reset to default", lines, SERVER));
    }

    /** Show server certificate. */
    @GET
    @Path("/server-certificate/pem")
    public TemplateInstance showServerCertificate() {
        trustedCaList.requireExpressway();
        CertificateEntry current = identities.current(IdentityProfile.EXPRESSWAY_SERVER.unit);
        return Templates.text(session(), "Server certificate", DecodedCertificate.text(current.holder()) + "\n"
                + Pem.certificate(current.der), SERVER);
    }

    /** Certificate request: View. */
    @GET
    @Path("/server-certificate/csr")
    public TemplateInstance showCsr() {
        trustedCaList.requireExpressway();
        return Templates.text(session(), "Certificate signing request (CSR)",
                CsrView.pem(csrs.pending(IdentityProfile.EXPRESSWAY_SERVER.unit)), SERVER);
    }

    /** Certificate request: Download. */
    @GET
    @Path("/server-certificate/csr/download")
    @Produces(MediaType.WILDCARD)
    public Response downloadCsr() {
        trustedCaList.requireExpressway();
        return Response.ok(CsrView.pem(csrs.pending(IdentityProfile.EXPRESSWAY_SERVER.unit)), "application/pkcs10")
                .header("Content-Disposition", "attachment; filename=\"" + node.fqdn().replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".csr\"").build();
    }

    @GET
    @Path("/server-certificate/generate-csr")
    public TemplateInstance generateCsrForm() {
        trustedCaList.requireExpressway();
        return Templates.generateCsr(session(), node.fqdn());
    }

    /** Generate CSR: CN is the FQDN; blank fields are left out, as in the REST body. */
    @POST
    @Path("/server-certificate/generate-csr")
    @RolesAllowed(Roles.ADMIN)
    public Uni<TemplateInstance> generateCsr(@RestForm String additionalNames, @RestForm String keyLength,
            @RestForm String digest, @RestForm String country, @RestForm String province, @RestForm String locality,
            @RestForm String organization, @RestForm String organizationalUnit, @RestForm String email,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        List<String> names = additionalNames == null ? List.of()
                : Arrays.stream(additionalNames.split("[\\s,]+")).filter(n -> !n.isBlank()).toList();
        CsrRequest request = CsrRequest.of(IdentityProfile.EXPRESSWAY_SERVER.unit, null, null, blank(organization),
                blank(organizationalUnit), blank(locality), blank(province), blank(country), null,
                blank(keyLength) == null ? null : number("keyLength", keyLength), blank(digest), names.isEmpty() ? null : names)
                .withEmail(blank(email));
        Session s = session();
        return csrs.generate(request).map(g -> {
            List<String> lines = new ArrayList<>();
            lines.add("Subject " + CsrView.of(g.csr()).subject() + "; the private key stays on this node and cannot be"
                    + " viewed or downloaded. Download the request and have it signed.");
            g.warnings().forEach(w -> lines.add("Warning: " + w.message()));
            return Templates.done(s, new Done("CSR generated", lines, SERVER));
        });
    }

    @POST
    @Path("/server-certificate/discard-csr")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance discardCsr(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        csrs.discard(IdentityProfile.EXPRESSWAY_SERVER.unit);
        return Templates.done(session(), new Done("CSR discarded", List.of("You can generate a new CSR."), SERVER));
    }

    /**
     * Upload server certificate data: the certificate, PEM, signed from the pending CSR, or with
     * the server private key file of a request made elsewhere (no CSR in progress), or for the key
     * in use.
     */
    @POST
    @Path("/server-certificate/upload")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance uploadServerCertificate(@RestForm FileUpload certificate, @RestForm FileUpload privateKey,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        // A browser sends an empty part for a file field left blank: that is no key.
        byte[] key = privateKey == null || privateKey.uploadedFile() == null || privateKey.size() == 0 ? null
                : UploadedFiles.read(privateKey, config.maxUploadBytes());
        var r = installation.upload(IdentityProfile.EXPRESSWAY_SERVER.unit, bytes(certificate, config.maxUploadBytes(),
                "certificate", "choose the server certificate file"), key);
        List<String> lines = new ArrayList<>();
        lines.add("Loaded " + r.certificate().subject + ", issued by " + r.certificate().issuer + "; expires on "
                + ExpresswayViews.date(r.certificate().notAfter) + ".");
        lines.add("Restart the Expressway for the new server certificate to take effect.");
        r.warnings().forEach(w -> lines.add("Warning: " + w.message()));
        ucNames.loadedCertificateWarnings().forEach(w -> lines.add("Warning: " + w));
        return Templates.done(session(), new Done("Server certificate loaded", lines, SERVER));
    }

    // --- Trusted CA certificate ---

    @GET
    @Path("/trusted-ca-certificate")
    public TemplateInstance trustedCaCertificate() {
        var now = clock.instant();
        return Templates.trustedCaCertificate(session(), trustedCaList.list().stream().map(e -> CaRow.of(e, now)).toList());
    }

    /** View (decoded). */
    @GET
    @Path("/trusted-ca-certificate/{sha256}")
    public TemplateInstance viewTrustedCa(@RestPath String sha256) {
        CertificateEntry e = trustedCaList.get(sha256);
        return Templates.text(session(), "Trusted CA certificate", DecodedCertificate.text(e.holder()), TRUSTED);
    }

    /** Show all (decoded). */
    @GET
    @Path("/trusted-ca-certificate/all/decoded")
    public TemplateInstance showAllDecoded() {
        return Templates.text(session(), "Trusted CA certificates (decoded)", trustedCaList.decoded(), TRUSTED);
    }

    /** Show all (PEM file). */
    @GET
    @Path("/trusted-ca-certificate/all/pem")
    @Produces(MediaType.TEXT_PLAIN)
    public String showAllPem() {
        return trustedCaList.pemFile();
    }

    /** Delete: the ticked rows ({@code sha256} once per box). */
    @POST
    @Path("/trusted-ca-certificate/delete")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance deleteTrustedCas(@RestForm("sha256") List<String> sha256, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        var deleted = trustedCaList.delete(sha256);
        return Templates.done(session(), new Done(deleted.size() + " CA certificate(s) deleted",
                deleted.stream().map(e -> "Deleted " + e.subject).toList(), TRUSTED));
    }

    /** Append CA certificate. */
    @POST
    @Path("/trusted-ca-certificate/append")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance appendTrustedCas(@RestForm FileUpload file, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        var appended = trustedCaList.append(bytes(file, config.maxUploadBytes(), "file",
                "select the file containing trusted CA certificates"));
        List<String> lines = new ArrayList<>();
        var r = appended.certificates();
        if (r != null) {
            r.imported().forEach(e -> lines.add("Appended " + e.subject));
            r.alreadyPresent().forEach(e -> lines.add("Already in the list: " + e.subject));
            r.warnings().forEach(w -> lines.add("Warning: " + w.message()));
        }
        if (appended.crls() != null) {
            appended.crls().crls().forEach(c -> lines.add("CRL of " + c.issuer + " loaded (" + c.entries + " entries)"));
            appended.crls().warnings().forEach(w -> lines.add("Warning: " + w));
        }
        return Templates.done(session(), new Done("CA certificate file appended", lines, TRUSTED));
    }

    /** Reset to default CA certificate. */
    @POST
    @Path("/trusted-ca-certificate/reset")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance resetTrustedCas(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        var reset = trustedCaList.resetToDefault();
        return Templates.done(session(), new Done("Trusted CA certificate list reset to default",
                List.of(reset.removed().size() + " certificate(s) removed, with the CRLs of the trusted CA file.",
                        reset.restored().isEmpty() ? "The temporary CA stays." : "The temporary CA is back in the list."), TRUSTED));
    }

    // --- Maintenance > Security certificates > Certificate utilities (seed 004, appendices 3 and 4) ---

    @GET
    @Path("/certificate-utilities")
    public TemplateInstance certificateUtilities() {
        trustedCaList.requireExpressway();
        return Templates.certificateUtilities(session());
    }

    /** Appendix 3: a DER certificate file shown as PEM. Changes nothing, so read-only accounts may use it. */
    @POST
    @Path("/certificate-utilities/der-to-pem")
    public TemplateInstance derToPem(@RestForm FileUpload file, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        return Templates.text(session(), "Converted to PEM", CertificateConversion.derToPem(bytes(file, config.maxUploadBytes(),
                "file", "select the DER certificate file (.cer)")), UTILITIES);
    }

    /** Appendix 4: a certificate file, PEM or DER, decoded. */
    @POST
    @Path("/certificate-utilities/decode")
    public TemplateInstance decode(@RestForm FileUpload file, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        trustedCaList.requireExpressway();
        return Templates.text(session(), "Decoded certificate", CertificateConversion.decode(bytes(file, config.maxUploadBytes(),
                "file", "select the certificate file (PEM or DER)")), UTILITIES);
    }

    // --- CRL management ---

    @GET
    @Path("/crl-management")
    public TemplateInstance crlManagement() {
        CrlUpdateSettings s = crls.settings();
        return Templates.crlManagement(session(), new CrlPage(s.automaticUpdates(),
                String.join("\n", s.distributionPoints().stream().map(URI::toString).toList()), s.dailyUpdateTimeText(),
                crls.fetches().stream().map(FetchLine::of).toList(), crls.list().stream().map(CrlLine::of).toList()));
    }

    /** Automatic CRL updates: Save. */
    @POST
    @Path("/crl-management/automatic")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance saveAutomatic(@RestForm String automaticUpdates, @RestForm String distributionPoints,
            @RestForm String dailyUpdateTime, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        crls.requireExpressway();
        CrlUpdateSettings saved = crls.save(CrlUpdateSettings.parse(automaticUpdates, distributionPoints, dailyUpdateTime));
        return Templates.done(session(), new Done("CRL update settings saved", List.of("Automatic CRL updates "
                + (saved.automaticUpdates() ? "enabled: the node downloads from " + saved.distributionPoints().size()
                        + " distribution point(s) daily at about " + saved.dailyUpdateTimeText() + " UTC." : "disabled.")), CRL));
    }

    /** Upload CRL file: replaces the previously uploaded file. */
    @POST
    @Path("/crl-management/upload")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance uploadCrl(@RestForm FileUpload file, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        crls.requireExpressway();
        var loaded = crls.uploadManual(bytes(file, config.expressway().crl().maxBytes(), "file", "select the CRL file (PEM)"));
        List<String> lines = new ArrayList<>();
        loaded.crls().forEach(c -> lines.add("CRL of " + c.issuer + " loaded: " + c.entries + " entries, next update "
                + (c.nextUpdate == null ? "none" : Views.time(c.nextUpdate)) + "."));
        if (loaded.replaced() > 0) {
            lines.add("It replaced the previously uploaded CRL file (" + loaded.replaced() + " CRL(s)).");
        }
        loaded.warnings().forEach(w -> lines.add("Warning: " + w));
        return Templates.done(session(), new Done("CRL file uploaded", lines, CRL));
    }

    /** Remove revocation list. */
    @POST
    @Path("/crl-management/remove")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance removeCrl(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        int removed = crls.removeManual();
        return Templates.done(session(), new Done("Revocation list removed", List.of(removed == 0
                ? "No CRL file was uploaded; nothing was removed." : removed + " CRL(s) of the uploaded file removed."), CRL));
    }

    // --- Configuration > SIP: Certificate revocation checking ---

    @GET
    @Path("/sip")
    public TemplateInstance sip() {
        return Templates.sip(session(), crls.sipSettings());
    }

    @POST
    @Path("/sip")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance saveSip(@RestForm String mode, @RestForm String useOcsp, @RestForm String useCrls,
            @RestForm String allowCdpDownloads, @RestForm String fallback, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        crls.requireExpressway();
        SipRevocationSettings saved = crls.saveSip(SipRevocationSettings.parse(mode, useOcsp, useCrls, allowCdpDownloads, fallback));
        return Templates.done(session(), new Done("SIP certificate revocation checking saved", List.of(
                "Certificate revocation checking mode " + saved.modeText() + "; fallback behavior: " + saved.fallbackText() + "."),
                "/cmplatform/expressway/sip"));
    }

    // --- Errors: as the Certificate Management pages show them ---

    /** Every failure of these pages, as {@link PageError} shows it. */
    @ServerExceptionMapper
    public Response failed(Throwable e) {
        boolean unauthenticated = e instanceof UnauthorizedException || e instanceof AuthenticationFailedException;
        return PageError.respond(e, headers, identity, unauthenticated ? null : sessionOrNull(), Templates::error);
    }

    // --- Helpers ---

    private void checkCrossSite(String token) {
        guard.check(identity.getPrincipal().getName(), token, headers.getHeaderString("Origin"),
                headers.getHeaderString("Referer"), uri.getBaseUri());
    }

    private Session session() {
        return Session.of(identity, guard, node.role());
    }

    private Session sessionOrNull() {
        return identity.isAnonymous() ? null : session();
    }

    private PendingCsr pendingCsr() {
        try {
            return csrs.pending(IdentityProfile.EXPRESSWAY_SERVER.unit);
        } catch (DomainProblem none) {
            if (none.type() == ProblemType.CSR_NOT_FOUND) {
                return null;
            }
            throw none;
        }
    }

    private static byte[] bytes(FileUpload file, int max, String field, String expected) {
        if (file == null || file.uploadedFile() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The form's " + field + " is not valid: " + expected + ".",
                    Map.of("errors", List.of(Map.of("field", field, "message", expected))));
        }
        return UploadedFiles.read(file, max);
    }

    private static int number(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The form's " + field + " is not valid: a whole number.",
                    Map.of("errors", List.of(Map.of("field", field, "message", "a whole number"))));
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
