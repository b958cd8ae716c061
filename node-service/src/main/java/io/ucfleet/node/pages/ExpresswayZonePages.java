package io.ucfleet.node.pages;

import java.util.List;

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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.ucfleet.node.pages.ExpresswayViews.Done;
import io.ucfleet.node.pages.Views.Session;
import io.ucfleet.node.zone.ZoneSpec;
import io.ucfleet.node.zone.Zones;
import io.ucfleet.platform.security.Roles;

/**
 * Configuration > Zones (seed 004, appendix 1): each SIP TLS zone with its peer address, TLS
 * verify mode and status, Active or Failed with the reason; New zone, Check now and Delete for
 * administrators. The Expressway pages' layout, login, session and {@link CrossSiteGuard}; one
 * domain call a handler, as the REST front ({@code /api/provisioning/zones}).
 */
@Path("/cmplatform/expressway/zones")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ExpresswayZonePages {
    private static final String ZONES = "/cmplatform/expressway/zones";

    /** In the Expressway pages' layout; done and error as theirs (Qute checks one template path per method). */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance zones(Session s, List<ZoneLine> zones);

        static native TemplateInstance done(Session s, Done d);

        static native TemplateInstance error(Session s, int status, String title, String detail);
    }

    /** A row: Name, Type, Peer address, Port, TLS verify mode, Status, Reason, Last checked. */
    @TemplateData
    record ZoneLine(String name, String type, String peerAddress, int port, String tlsVerifyMode, String status, String reason,
            String detail, String peerCertificate, String checked) {
        static ZoneLine of(Zones.View v) {
            var st = v.status();
            return new ZoneLine(v.spec().name(), v.spec().type().displayName, v.spec().peerAddress(), v.spec().port(),
                    v.spec().tlsVerify() ? "On" : "Off", st.state().displayName, st.reason() == null ? "" : st.reason().title,
                    st.detail() == null ? "" : st.detail(), st.peerCertificate() == null ? "" : st.peerCertificate(),
                    st.checkedAt() == null ? "not yet" : Views.time(st.checkedAt()));
        }
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    CrossSiteGuard guard;
    @Inject
    Zones zones;
    @Inject
    io.ucfleet.node.config.Node node;
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;

    @GET
    public TemplateInstance list() {
        return Templates.zones(session(), zones.list().stream().map(ZoneLine::of).toList());
    }

    @POST
    @Path("/new")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance create(@RestForm String name, @RestForm String type, @RestForm String peerAddress,
            @RestForm String port, @RestForm String tlsVerifyMode, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        Zones.View v = zones.create(new ZoneSpec.Fields(name, type, peerAddress, port, tlsVerifyMode));
        return Templates.done(session(), new Done("Zone created", List.of("The " + v.spec().type().displayName + " zone "
                + v.spec().name() + " to " + v.spec().peerAddress() + ":" + v.spec().port() + " is being checked."), ZONES));
    }

    @POST
    @Path("/check")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance check(@RestForm String name, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        ZoneLine z = ZoneLine.of(zones.checkNow(name));
        return Templates.done(session(), new Done("Zone " + z.name() + ": " + z.status(), z.reason().isEmpty()
                ? List.of(z.detail()) : List.of(z.reason() + ".", z.detail()), ZONES));
    }

    @POST
    @Path("/delete")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance delete(@RestForm String name, @RestForm(CrossSiteGuard.FIELD) String token) {
        checkCrossSite(token);
        zones.delete(name);
        return Templates.done(session(), new Done("Zone deleted", List.of("The zone " + name + " was deleted."), ZONES));
    }

    /** Every failure of these pages, as {@link PageError} shows it. */
    @ServerExceptionMapper
    public Response failed(Throwable e) {
        boolean unauthenticated = e instanceof UnauthorizedException || e instanceof AuthenticationFailedException;
        return PageError.respond(e, headers, identity, unauthenticated || identity.isAnonymous() ? null : session(),
                Templates::error);
    }

    private void checkCrossSite(String token) {
        guard.check(identity.getPrincipal().getName(), token, headers.getHeaderString("Origin"),
                headers.getHeaderString("Referer"), uri.getBaseUri());
    }

    private Session session() {
        return Session.of(identity, guard, node.role());
    }
}
