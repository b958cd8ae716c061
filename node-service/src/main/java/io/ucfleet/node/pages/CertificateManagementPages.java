package io.ucfleet.node.pages;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.ucfleet.node.api.UploadedFiles;
import io.ucfleet.node.authz.AuthzKeyPurpose;
import io.ucfleet.node.authz.AuthzKeys;
import io.ucfleet.node.authz.AuthzRegeneration;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.csr.Distribution;
import io.ucfleet.node.csr.HashAlgorithm;
import io.ucfleet.node.ctlstatus.CtlListing;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.importtool.CertificateImportTool;
import io.ucfleet.node.importtool.ImportReport;
import io.ucfleet.node.importtool.PeerServer;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateFinder;
import io.ucfleet.node.inventory.CertificateQuery;
import io.ucfleet.node.inventory.Inventory;
import io.ucfleet.node.pages.Views.AuthzKey;
import io.ucfleet.node.pages.Views.CtlState;
import io.ucfleet.node.pages.Views.Details;
import io.ucfleet.node.pages.Views.ImportToolPage;
import io.ucfleet.node.pages.Views.ListPage;
import io.ucfleet.node.pages.Views.Option;
import io.ucfleet.node.pages.Views.Outcome;
import io.ucfleet.node.pages.Views.PendingCsrRow;
import io.ucfleet.node.pages.Views.Report;
import io.ucfleet.node.pages.Views.Row;
import io.ucfleet.node.pages.Views.SelfSigned;
import io.ucfleet.node.pages.Views.Service;
import io.ucfleet.node.pages.Views.Session;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.securitysettings.SecuritySettings;
import io.ucfleet.node.serviceability.ServiceState;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.truststore.TrustDeletion;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.truststore.TrustStores;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * Cisco Unified OS Administration > Security > Certificate Management, as pages, with the
 * publisher's AUTHZ keys and CTL state and IM and Presence's System > Security pages. Each
 * handler makes the same domain call as the REST API's resource for that operation; every POST
 * needs the admin role and a valid {@link CrossSiteGuard} token before it changes anything. One
 * resource class, so that its exception mappers render every page's errors (they are local to
 * the class that declares them).
 */
@Path("/cmplatform")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CertificateManagementPages {
    static final String LOGIN = "/cmplatform/login";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean error, boolean loggedOut);

        static native TemplateInstance list(Session s, String node, ListPage page);

        static native TemplateInstance details(Session s, Details c);

        static native TemplateInstance confirmDelete(Session s, Row c, List<Row> breaks);

        static native TemplateInstance upload(Session s, List<Option> purposes);

        static native TemplateInstance csr(Session s, List<Option> purposes, List<Option> distributions, List<Option> keys,
                List<Option> hashes);

        static native TemplateInstance downloadCsr(Session s, List<Option> purposes, List<PendingCsrRow> pending);

        static native TemplateInstance selfSigned(Session s, SelfSigned form);

        static native TemplateInstance authz(Session s, String node, List<AuthzKey> keys);

        static native TemplateInstance ctl(Session s, String node, CtlState ctl);

        static native TemplateInstance securitySettings(Session s, SecuritySettings.Settings settings, List<String> notices);

        static native TemplateInstance importTool(Session s, ImportToolPage page);

        static native TemplateInstance services(Session s, List<Service> services, String notice);

        static native TemplateInstance outcome(Session s, Outcome o);

        static native TemplateInstance error(Session s, int status, String title, String detail);
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    CrossSiteGuard guard;
    @Inject
    CertificateFinder finder;
    @Inject
    Inventory inventory;
    @Inject
    Identities identities;
    @Inject
    TrustDeletion deletion;
    @Inject
    TrustStores stores;
    @Inject
    TrustImport trustImport;
    @Inject
    CaSignedInstallation installation;
    @Inject
    Csrs csrs;
    @Inject
    Serviceability serviceability;
    @Inject
    AuthzKeys authzKeys;
    @Inject
    AuthzRegeneration authzRegeneration;
    @Inject
    CtlListing ctlListing;
    @Inject
    SecuritySettings securitySettings;
    @Inject
    CertificateImportTool importTool;
    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;
    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String sessionCookie;

    // --- Login and logout (the form posts to Quarkus' j_security_check) ---

    @GET
    @Path("/login")
    @PermitAll
    public TemplateInstance login(@RestQuery boolean error, @RestQuery boolean loggedOut) {
        return Templates.login(error, loggedOut);
    }

    @GET
    @PermitAll
    public Response root() {
        return Response.seeOther(URI.create("/cmplatform/certificates")).build();
    }

    /** Forgets the session cookie; HTTP Basic callers have nothing to forget. */
    @POST
    @Path("/logout")
    public Response logout(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        return Response.seeOther(URI.create(LOGIN + "?loggedOut=true"))
                .cookie(new NewCookie.Builder(sessionCookie).path("/cmplatform").value("").maxAge(0).build()).build();
    }

    // --- Certificate List and details ---

    @GET
    @Path("/certificates")
    public TemplateInstance list(@RestQuery String where, @RestQuery String match, @RestQuery String value,
            @RestQuery String sort, @RestQuery String dir, @RestQuery String page, @RestQuery String size) {
        String column = where == null || where.isBlank() ? CertificateQuery.Column.COMMON_NAME.name() : where;
        String operator = match == null || match.isBlank() ? "begins-with" : match;
        var query = CertificateQuery.of(null, null, null, null, null, null, page, size, config.defaultPageSize())
                .where(column, operator, value, sort, "desc".equals(dir));
        var found = finder.find(query);
        var rows = Row.of(found.items(), node.hostname(), clock.instant());
        return Templates.list(session(), node.fqdn(), new ListPage(rows, found.total(), found.page(), found.size(), column,
                operator, value == null ? "" : value, query.order().map(o -> o.column().name()).orElse(null),
                "desc".equals(dir)));
    }

    @GET
    @Path("/certificates/{unit}/{sha256}")
    public TemplateInstance details(@RestPath String unit, @RestPath String sha256) {
        CertificateEntry entry = inventory.get(unit, sha256);
        List<Integer> sizes = node.role().identity(unit).map(p -> p.keyAlgorithm.allowedSizes).orElse(List.of());
        return Templates.details(session(), Details.of(entry, node.hostname(), clock.instant(), sizes));
    }

    @GET
    @Path("/certificates/{unit}/{sha256}/pem")
    @Produces(MediaType.WILDCARD)
    public Response pem(@RestPath String unit, @RestPath String sha256) {
        CertificateEntry entry = inventory.get(unit, sha256);
        return download(Pem.certificate(entry.der), "application/x-pem-file", fileName(entry.commonName, "pem"));
    }

    @GET
    @Path("/certificates/{unit}/{sha256}/der")
    @Produces(MediaType.WILDCARD)
    public Response der(@RestPath String unit, @RestPath String sha256) {
        CertificateEntry entry = inventory.get(unit, sha256);
        return download(entry.der, "application/pkix-cert", fileName(entry.commonName, "der"));
    }

    /** "Regenerate": the same key length unless another is chosen. */
    @POST
    @Path("/identities/{unit}/regenerate")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance regenerate(@RestPath String unit, @RestForm String keySize,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        Optional<Integer> size = Optional.ofNullable(keySize).filter(k -> !k.isBlank()).map(k -> number("keySize", k));
        var result = identities.regenerate(unit, size);
        return Templates.outcome(session(), new Outcome(unit + " regenerated", List.of(result.nextSteps()),
                List.of(row(result.certificate())), null, null));
    }

    /**
     * Generate New Self-signed Certificate: the purpose is chosen first (a GET, as there is no
     * script to refresh the form), then the key lengths its unit allows; Generate posts to
     * Regenerate above. The key type is the unit's (RSA, or EC for the -ECDSA units).
     */
    @GET
    @Path("/self-signed")
    public TemplateInstance selfSignedForm(@RestQuery String purpose) {
        String unit = blankToNull(purpose) == null ? node.role().identities.get(0).unit : purpose;
        IdentityProfile profile = identities.profile(unit);
        int current = identities.current(profile.unit).keySize;
        List<Option> lengths = profile.keyAlgorithm.allowedSizes.stream()
                .map(k -> new Option(String.valueOf(k), k + (k == current ? " (current)" : ""))).toList();
        String hash = profile.keyAlgorithm.signatureAlgorithm().replaceAll("with.*", "");
        return Templates.selfSigned(session(), new SelfSigned(identityUnits(), profile.unit, node.fqdn(),
                profile.keyAlgorithm.name(), lengths, String.valueOf(current), hash));
    }

    /** The confirmation: what this certificate issued here, i.e. the chains its deletion breaks. */
    @GET
    @Path("/certificates/{unit}/{sha256}/delete")
    public TemplateInstance confirmDelete(@RestPath String unit, @RestPath String sha256) {
        CertificateEntry entry = inventory.get(unit, sha256);
        return Templates.confirmDelete(session(), row(entry), rows(deletion.issuedBy(unit, sha256)));
    }

    @POST
    @Path("/certificates/{unit}/{sha256}/delete")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance delete(@RestPath String unit, @RestPath String sha256,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        var deleted = deletion.delete(unit, sha256, true);
        List<String> lines = deleted.brokenChains().isEmpty() ? List.of("No certificate on this node chains to it.")
                : List.of("These certificates no longer chain to a trusted issuer on this node:");
        return Templates.outcome(session(), new Outcome("Deleted " + deleted.certificate().commonName + " from " + unit,
                lines, rows(deleted.brokenChains()), null, null));
    }

    // --- Upload Certificate / Certificate chain ---

    private static final String TRUST = "trust-store:";
    private static final String IDENTITY = "identity:";

    @GET
    @Path("/upload")
    public TemplateInstance uploadForm() {
        List<Option> purposes = new ArrayList<>();
        stores.names().forEach(s -> purposes.add(new Option(TRUST + s, s)));
        node.role().identities.forEach(p -> purposes.add(new Option(IDENTITY + p.unit, p.unit + " (CA-signed certificate)")));
        return Templates.upload(session(), purposes);
    }

    /** A trust store takes the file as the trust upload does; an identity unit its CA-signed certificate. */
    @POST
    @Path("/upload")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance upload(@RestForm String purpose, @RestForm String description, @RestForm FileUpload file,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        String chosen = purpose == null ? "" : purpose;
        if (chosen.startsWith(TRUST)) {
            String store = chosen.substring(TRUST.length());
            var r = trustImport.upload(store, bytes(file), description);
            List<String> lines = new ArrayList<>();
            lines.add(r.imported().size() + " imported, " + r.alreadyPresent().size() + " already present.");
            r.replaced().forEach(x -> lines.add(x.certificate().commonName + " replaced " + x.replaced().size()
                    + " certificate(s) of the same name."));
            r.notUploaded().forEach(n -> lines.add(n.commonName() + " not uploaded: the store keeps a newer certificate of that name."));
            r.warnings().forEach(w -> lines.add("Warning: " + w.message()));
            List<Row> shown = new ArrayList<>(rows(r.imported()));
            shown.addAll(rows(r.alreadyPresent()));
            return Templates.outcome(session(), new Outcome("Uploaded to " + store, lines, shown, null, null));
        }
        if (chosen.startsWith(IDENTITY)) {
            String unit = chosen.substring(IDENTITY.length());
            var r = installation.upload(unit, bytes(file));
            List<String> lines = new ArrayList<>();
            r.trustImported().forEach(e -> lines.add(e.commonName + " imported into " + e.unit + "."));
            if (!r.servicesToRestart().isEmpty()) {
                lines.add("Restart " + r.servicesToRestart().stream().map(s -> s.displayName).toList() + " on each node to use it.");
            }
            r.warnings().forEach(w -> lines.add("Warning: " + w));
            r.nodes().forEach(n -> lines.add(n.fqdn() + ": " + n.outcome()));
            return Templates.outcome(session(), new Outcome("Installed the CA-signed certificate of " + unit, lines,
                    List.of(row(r.certificate())), null, null));
        }
        throw invalid("purpose", "choose a Certificate Purpose: a trust store or an identity unit");
    }

    // --- Generate CSR and Download CSR ---

    @GET
    @Path("/csr")
    public TemplateInstance csrForm() {
        List<Option> keys = new ArrayList<>();
        for (KeyAlgorithm k : KeyAlgorithm.values()) {
            k.allowedSizes.forEach(size -> keys.add(new Option(k.name() + "-" + size, k.name() + " " + size)));
        }
        return Templates.csr(session(), identityUnits(),
                Arrays.stream(Distribution.values()).map(d -> new Option(d.id, d.id)).toList(), keys,
                Arrays.stream(HashAlgorithm.values()).map(h -> new Option(h.id, h.name())).toList());
    }

    /** Blank fields are left out, so the node's defaults apply as for an API body without them. */
    @POST
    @Path("/csr")
    @RolesAllowed(Roles.ADMIN)
    public Uni<TemplateInstance> generateCsr(@RestForm String purpose, @RestForm String distribution,
            @RestForm String commonName, @RestForm String altNames, @RestForm String key, @RestForm String hashAlgorithm,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        String keyType = null;
        Integer keyLength = null;
        if (blankToNull(key) != null) {
            int dash = key.lastIndexOf('-');
            if (dash < 0) {
                throw invalid("key", "a key type and length such as RSA-2048");
            }
            keyType = key.substring(0, dash);
            keyLength = number("key", key.substring(dash + 1));
        }
        List<String> sans = altNames == null ? null
                : Arrays.stream(altNames.split("[\\s,]+")).filter(n -> !n.isBlank()).toList();
        CsrRequest request = CsrRequest.of(purpose, blankToNull(distribution), blankToNull(commonName), null, null, null,
                null, null, keyType, keyLength, blankToNull(hashAlgorithm), sans == null || sans.isEmpty() ? null : sans);
        Session s = session();
        return csrs.generate(request).map(g -> {
            CsrView view = CsrView.of(g.csr());
            List<String> lines = new ArrayList<>();
            lines.add("Subject " + view.subject() + ", " + view.keyType() + " " + view.keySize() + ", " + view.signatureAlgorithm() + ".");
            if (!view.subjectAlternativeNames().isEmpty()) {
                lines.add("Subject alternative names: " + String.join(", ", view.subjectAlternativeNames()));
            }
            g.warnings().forEach(w -> lines.add("Warning: " + w));
            return Templates.outcome(s, new Outcome("CSR generated for " + view.unit(), lines, List.of(), view.pem(),
                    "/cmplatform/csr/" + Views.encode(view.unit()) + "/pem"));
        });
    }

    @GET
    @Path("/csr/download")
    public TemplateInstance downloadCsrForm() {
        return Templates.downloadCsr(session(), identityUnits(),
                csrs.pendingAll().stream().map(p -> PendingCsrRow.of(CsrView.of(p))).toList());
    }

    /** "Discard CSR": the pending CSR of the unit and its key are deleted, as DELETE /api/v1/identities/{unit}/csr. */
    @POST
    @Path("/csr/{unit}/discard")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance discardCsr(@RestPath String unit, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        csrs.discard(unit);
        return Templates.outcome(session(), new Outcome("CSR discarded for " + unit, List.of("The pending certificate signing"
                + " request of " + unit + " and its private key are deleted; a certificate signed for it can no longer be"
                + " uploaded. The installed " + unit + " certificate is unchanged."), List.of(), null, null));
    }

    /** The select of the Download CSR page submits here as {@code ?purpose=}. */
    @GET
    @Path("/csr/file")
    public Response downloadChosenCsr(@RestQuery String purpose) {
        return Response.seeOther(URI.create("/cmplatform/csr/" + Views.encode(purpose == null ? "" : purpose) + "/pem")).build();
    }

    @GET
    @Path("/csr/{unit}/pem")
    @Produces(MediaType.WILDCARD)
    public Response downloadCsr(@RestPath String unit) {
        var pending = csrs.pending(unit);
        return download(CsrView.pem(pending), "application/pkcs10", fileName(pending.unit, "csr"));
    }

    // --- AUTHZ keys and cluster security mode (publisher) ---

    /** Seed 002: the publisher's OS Administration regenerates the signing key; the encryption key only the CLI does. */
    @GET
    @Path("/authz")
    public TemplateInstance authz() {
        authzKeys.requirePublisher("The AUTHZ keys are regenerated in Cisco Unified OS Administration of the publisher");
        return Templates.authz(session(), node.fqdn(), authzKeys.current().map(AuthzKey::of).orElse(List.of()));
    }

    @POST
    @Path("/authz/signing/regenerate")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance regenerateAuthz(@RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        var r = authzRegeneration.regenerate(AuthzKeyPurpose.SIGNING);
        List<String> lines = new ArrayList<>();
        lines.add("New key " + r.key().keyId + ", version " + r.key().version + ".");
        r.deliveries().forEach(d -> lines.add(d.member() + ": " + d.outcome()
                + (d.detail() == null ? "" : " (" + d.detail() + ")")));
        lines.add(r.nextSteps());
        return Templates.outcome(session(), new Outcome("AUTHZ signing key regenerated", lines, List.of(), null, null));
    }

    /**
     * The cluster security mode and whether the CTL needs update CTLFile, as GET /api/v1/ctl-status
     * says; read-only, as the mode is set with utils ctl on the publisher's CLI. Other nodes have
     * no such page (404).
     */
    @GET
    @Path("/ctl")
    public TemplateInstance ctl() {
        if (node.role() != NodeRole.PUBLISHER) {
            throw new DomainProblem(ProblemType.NOT_FOUND, "The cluster security mode and CTL state are shown on the"
                    + " publisher, where utils ctl runs; this node (" + node.fqdn() + ") is a " + node.role().displayName + ".");
        }
        return Templates.ctl(session(), node.fqdn(), CtlState.of(ctlListing.status()));
    }

    // --- IM and Presence: System > Security > Settings and Certificate Import Tool ---

    @GET
    @Path("/security-settings")
    public TemplateInstance securitySettings() {
        return Templates.securitySettings(session(), securitySettings.current(), List.of());
    }

    /** The form always carries both fields: an unticked box is sent as nothing, i.e. false; a blank domain clears it. */
    @POST
    @Path("/security-settings")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance saveSecuritySettings(@RestForm String useDomainNameForXmppCertificateSan,
            @RestForm String xmppServerToServerSanDomain, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        var saved = securitySettings.save(useDomainNameForXmppCertificateSan != null,
                xmppServerToServerSanDomain == null ? "" : xmppServerToServerSanDomain);
        List<String> notices = new ArrayList<>(List.of("Save Successful."));
        notices.addAll(saved.nextSteps());
        return Templates.securitySettings(session(), saved.settings(), notices);
    }

    @GET
    @Path("/certificate-import-tool")
    public TemplateInstance importToolForm() {
        var form = importTool.form();
        return Templates.importTool(session(), new ImportToolPage(form.trustStores(), form.defaultTrustStore(), "", "", null,
                List.of()));
    }

    /** Submit: a run (admin only, as the API: it makes the node connect wherever it is told). Installs nothing. */
    @POST
    @Path("/certificate-import-tool")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance runImportTool(@RestForm String trustStore, @RestForm String peerServer, @RestForm String port,
            @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        PeerServer peer = peer(trustStore, peerServer, port);
        return importToolPage(peer, importTool.run(peer), List.of());
    }

    /** The approval: the fingerprints ticked on the report are installed after a fresh run. */
    @POST
    @Path("/certificate-import-tool/install")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance installFromImportTool(@RestForm String trustStore, @RestForm String peerServer,
            @RestForm String port, @RestForm List<String> certificate, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        PeerServer peer = peer(trustStore, peerServer, port);
        var done = importTool.install(peer, certificate);
        List<String> notices = new ArrayList<>();
        notices.add(done.upload().imported().size() + " certificate(s) installed into " + peer.trustStore() + ": "
                + done.upload().imported().stream().map(e -> e.commonName).toList() + ".");
        if (!done.restartRequired().isEmpty()) {
            notices.add("Restart " + String.join(" first, then ", done.restartRequired()) + " (Control Center).");
        }
        done.upload().warnings().forEach(w -> notices.add("Warning: " + w.message()));
        return importToolPage(peer, done.report(), notices);
    }

    // --- Control Center ---

    @GET
    @Path("/services")
    public TemplateInstance services() {
        return Templates.services(session(), services(serviceability.list()), null);
    }

    @POST
    @Path("/services/{id}/restart")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance restart(@RestPath String id, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        ServiceState restarted = serviceability.restart(id);
        return Templates.services(session(), services(serviceability.list()),
                CiscoService.valueOf(restarted.name).displayName + " restarted.");
    }

    // --- Errors: the problem as the API states it, as a page; never a stack trace ---

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

    /** The tool's form fields; a port that is not a number is refused as the API refuses it. */
    private static PeerServer peer(String trustStore, String peerServer, String port) {
        return new PeerServer(blankToNull(trustStore), blankToNull(peerServer),
                blankToNull(port) == null ? null : number("port", port));
    }

    private TemplateInstance importToolPage(PeerServer peer, ImportReport report, List<String> notices) {
        return Templates.importTool(session(), new ImportToolPage(importTool.form().trustStores(), report.trustStore(),
                peer.peerServer(), String.valueOf(peer.port()), Report.of(report), notices));
    }

    private Session sessionOrNull() {
        return identity.isAnonymous() ? null : session();
    }

    private List<Option> identityUnits() {
        return node.role().identities.stream().map((IdentityProfile p) -> new Option(p.unit, p.unit)).toList();
    }

    private Row row(CertificateEntry e) {
        return Row.of(e, node.hostname(), clock.instant());
    }

    private List<Row> rows(List<CertificateEntry> entries) {
        return Row.of(entries, node.hostname(), clock.instant());
    }

    private static List<Service> services(List<ServiceState> states) {
        return states.stream().map(s -> new Service(CiscoService.valueOf(s.name).id(), CiscoService.valueOf(s.name).displayName,
                s.restartRequired, List.copyOf(s.reasons()), Views.time(s.startedAt))).toList();
    }

    /** The file field's content, within the node's upload limit (as the API's upload bodies). */
    private byte[] bytes(FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw invalid("file", "choose the certificate file to upload");
        }
        return UploadedFiles.read(file, config.maxUploadBytes());
    }

    private static Response download(Object body, String type, String file) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    private static String fileName(String name, String extension) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "." + extension;
    }

    private static int number(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(field, "a whole number");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static DomainProblem invalid(String field, String expected) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, "The form's " + field + " is not valid: " + expected + ".",
                Map.of("errors", List.of(Map.of("field", field, "message", expected))));
    }
}
