package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.installation.MultiServerExchange;
import io.ucfleet.node.peers.TransferOffers;

/**
 * Node-to-node only (role {@code cluster}): a multi-server certificate installed on the node
 * that made its CSR is installed here too, with the key sealed for a one-time offer of this
 * node. No administrator or client account can call these paths.
 */
@Path("/api/v1/peer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLUSTER)
public class PeerResource {
    @Inject
    TransferOffers offers;
    @Inject
    MultiServerExchange exchange;

    public record Installed(String unit, String sha256, String serialNumber) {
    }

    @POST
    @Path("/key-transfers")
    public TransferOffers.Published offer() {
        return offers.offer();
    }

    @POST
    @Path("/identities/{unit}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Installed install(@PathParam("unit") String unit, MultiServerExchange.PeerInstall request) {
        var entry = exchange.installFromPeer(unit, Bodies.required(request)).certificate();
        return new Installed(entry.unit, entry.sha256, entry.serialNumber);
    }
}
