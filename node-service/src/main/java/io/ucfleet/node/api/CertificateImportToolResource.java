package io.ucfleet.node.api;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.node.api.Representations.UploadResult;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.importtool.CertificateImportTool;
import io.ucfleet.node.importtool.ImportReport;
import io.ucfleet.node.importtool.PeerServer;
import io.ucfleet.platform.security.Roles;

/**
 * System > Security > Certificate Import Tool on IM and Presence (seed 003). {@code POST} runs the
 * tests against a peer server and installs nothing; {@code POST .../install} installs the approved
 * certificates of a run. Both need an administrator: a run makes the node connect to any host and
 * port the caller names, which a read-only account must not be able to point anywhere.
 */
@Path("/api/v1/certificate-import-tool")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class CertificateImportToolResource {
    @Inject
    CertificateImportTool tool;
    @Inject
    Node node;
    @Inject
    Clock clock;

    /** An approval: the form's fields and the fingerprints, from the report's {@code installable}, to install. */
    public record Approval(String trustStore, String peerServer, Integer port, List<String> certificates) {
    }

    public record InstallationView(UploadResult installed, List<String> restartRequired, ImportReport report) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
    public CertificateImportTool.Form form() {
        return tool.form();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportReport run(PeerServer request) {
        return tool.run(Bodies.required(request));
    }

    @POST
    @Path("/install")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<InstallationView> install(Approval approval) {
        Approval a = Bodies.required(approval);
        var done = tool.install(new PeerServer(a.trustStore(), a.peerServer(), a.port()), a.certificates());
        var view = new InstallationView(UploadResult.of(done.upload(), node, clock.instant()), done.restartRequired(), done.report());
        return done.upload().imported().isEmpty() ? RestResponse.ok(view) : RestResponse.status(RestResponse.Status.CREATED, view);
    }
}
