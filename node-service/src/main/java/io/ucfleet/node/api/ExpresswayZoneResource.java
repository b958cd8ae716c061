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

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.zone.ZoneSpec;
import io.ucfleet.node.zone.Zones;
import io.ucfleet.platform.security.Roles;

/**
 * SIP TLS zones (seed 004, appendix 1) for scripts: ucfleet's path beside the Expressway REST
 * API's {@code /api/provisioning/certs}, as {@code expressway-api.md} names no zone path. JSON
 * members in the API's PascalCase: {@code Name}, {@code Type} (Neighbor, TraversalClient),
 * {@code PeerAddress}, {@code Port} (5061), {@code TLSVerifyMode} (On/Off, Off). A thin front
 * over {@link Zones}; only on Expressway roles (elsewhere 404 {@code expressway-only}).
 */
@Path("/api/provisioning/zones")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ExpresswayZoneResource {
    @Inject
    Zones zones;
    @Inject
    NodeConfig config;

    @GET
    public List<Map<String, Object>> list() {
        return zones.list().stream().map(ExpresswayZoneResource::zone).toList();
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> get(@RestPath String name) {
        return zone(zones.get(name));
    }

    /** A new zone; its first check runs at once, in the background (Status Checking until then). */
    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Map<String, Object>> create(byte[] body) {
        zones.requireExpressway();
        return RestResponse.status(RestResponse.Status.CREATED, zone(zones.create(fields(body))));
    }

    /** Changes the members given; the others keep their values. A change is checked again at once. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> update(@RestPath String name, byte[] body) {
        zones.requireExpressway();
        return zone(zones.update(name, fields(body)));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> delete(@RestPath String name) {
        zones.delete(name);
        return Map.of("Message", "The zone " + name + " was deleted.");
    }

    /** Connects to the peer now and returns the zone's new state (within the check timeout, 20 s). */
    @POST
    @Path("/{name}/check")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> check(@RestPath String name) {
        return zone(zones.checkNow(name));
    }

    private ZoneSpec.Fields fields(byte[] body) {
        JsonNode json = body == null || body.length == 0 ? CertmgrJson.parse("{}") : CertmgrJson.parse(body, config.maxUploadBytes());
        if (!json.isObject()) {
            throw CertmgrJson.invalid("body", "must be a JSON object");
        }
        return new ZoneSpec.Fields(CertmgrJson.text(json, "Name"), CertmgrJson.text(json, "Type"),
                CertmgrJson.text(json, "PeerAddress"), CertmgrJson.text(json, "Port"), CertmgrJson.text(json, "TLSVerifyMode"));
    }

    static Map<String, Object> zone(Zones.View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", v.spec().name());
        m.put("Type", v.spec().type().displayName);
        m.put("PeerAddress", v.spec().peerAddress());
        m.put("Port", v.spec().port());
        m.put("TLSVerifyMode", v.spec().tlsVerify() ? "On" : "Off");
        m.put("Status", v.status().state().displayName);
        m.put("Reason", v.status().reason() == null ? null : v.status().reason().id);
        m.put("ReasonText", v.status().reason() == null ? null : v.status().reason().title);
        m.put("Detail", v.status().detail());
        m.put("PeerCertificate", v.status().peerCertificate());
        m.put("LastChecked", v.status().checkedAt() == null ? null : v.status().checkedAt().toString());
        return m;
    }
}
