package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.securitysettings.SecuritySettings;

/** IM and Presence's System > Security > Settings, XMPP Certificate Settings (seed 001). */
@Path("/api/v1/security-settings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class SecuritySettingsResource {
    @Inject
    SecuritySettings settings;

    /** What the page would show as saved. */
    record Change(Boolean useDomainNameForXmppCertificateSan, String xmppServerToServerSanDomain) {
    }

    @GET
    public SecuritySettings.Settings show() {
        return settings.current();
    }

    /** "Save": absent fields keep their value; {@code ""} clears the domain. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public SecuritySettings.Saved save(Change change) {
        Change body = Bodies.required(change);
        return settings.save(body.useDomainNameForXmppCertificateSan(), body.xmppServerToServerSanDomain());
    }
}
