package io.ucfleet.ctl.api;

import io.ucfleet.platform.security.Roles;
import java.util.List;
import java.util.Optional;

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
import jakarta.ws.rs.core.Response;

import io.ucfleet.ctl.tlv.ShowTrustList;
import io.ucfleet.platform.trustlist.TrustListFile;
import io.ucfleet.ctl.tlv.TrustListVerifier;
import io.ucfleet.platform.cluster.TrustListKind;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.ctl.trustlist.FileInfo;
import io.ucfleet.ctl.trustlist.TrustListBuilds;
import io.ucfleet.ctl.trustlist.TrustListFiles;
import io.ucfleet.ctl.trustlist.TrustListStatus;

/**
 * The publisher's {@code utils ctl} and {@code show ctl}/{@code show itl} as REST:
 * status, mode switches, update CTLFile, versions, the files, and a decoder for any CTL/ITL.
 */
@Path("/api/v1/ctl")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class CtlResource {
    @Inject
    TrustListBuilds builds;
    @Inject
    TrustListStatus status;
    @Inject
    TrustListFiles files;

    /** Mode, current files with checksums, and whether they still list the nodes' current certificates. */
    @GET
    public TrustListStatus.Status status() {
        return status.status();
    }

    @POST
    @Path("/mixed-mode")
    @RolesAllowed(Roles.ADMIN)
    public TrustListBuilds.Outcome mixedMode() {
        return builds.setMixedMode();
    }

    @POST
    @Path("/non-secure-mode")
    @RolesAllowed(Roles.ADMIN)
    public TrustListBuilds.Outcome nonSecureMode() {
        return builds.setNonSecureMode();
    }

    /** utils ctl update CTLFile */
    @POST
    @Path("/update")
    @RolesAllowed(Roles.ADMIN)
    public TrustListBuilds.Outcome update() {
        return builds.updateCtlFile();
    }

    @POST
    @Path("/itl/update")
    @RolesAllowed(Roles.ADMIN)
    public TrustListBuilds.Outcome updateItl() {
        return builds.updateItlFiles();
    }

    /** Every version kept, with checksums and time: {@code kind=CTL} (default) or {@code ITL}. */
    @GET
    @Path("/versions")
    public List<FileInfo> versions(@QueryParam("kind") String kind) {
        TrustListKind k = kind == null ? TrustListKind.CTL : TrustListKind.parse(kind).orElseThrow(() -> new DomainProblem(
                ProblemType.INVALID_REQUEST, "kind must be CTL or ITL, not \"" + kind + "\"."));
        return files.versions(k.name());
    }

    /** The file as phones get it: CTLFile.tlv, ITLFile.tlv, &lt;host&gt;/ITLFile.tlv. */
    @GET
    @Path("/files/{name: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] file(@PathParam("name") String name) {
        return files.file(name).orElseThrow(() -> notServed(name));
    }

    /** {@code show ctl} ({@code file=CTLFile.tlv}, the default) or {@code show itl} ({@code file=ITLFile.tlv}). */
    @GET
    @Path("/show")
    @Produces(MediaType.TEXT_PLAIN)
    public String show(@QueryParam("file") String name) {
        String file = name == null ? TrustListKind.CTL.fileName : name;
        byte[] bytes = files.file(file).orElseThrow(() -> notServed(file));
        TrustListFile parsed = TrustListFile.parse(bytes);
        return ShowTrustList.show(parsed, TrustListVerifier.verify(parsed), parsed.timestamp());
    }

    /** Decode any CTL/ITL file (the body, as is) the way show ctl prints it; a malformed one is a 400 naming the record. */
    @POST
    @Path("/decode")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public Response decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body is empty; send a CTL or ITL file.");
        }
        TrustListFile parsed = TrustListFile.parse(body);
        return Response.ok(ShowTrustList.show(parsed, TrustListVerifier.verify(parsed), Optional.empty())).build();
    }

    private static DomainProblem notServed(String name) {
        return new DomainProblem(ProblemType.FILE_NOT_FOUND, "No file " + name + " is served; the CTL exists once the cluster"
                + " is in mixed mode, the ITL once the nodes could be reached.");
    }
}
