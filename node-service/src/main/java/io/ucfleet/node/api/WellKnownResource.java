package io.ucfleet.node.api;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.identity.WebRotations;
import io.ucfleet.platform.replication.WebRotation;

/**
 * Public material a client needs before it trusts this node with credentials: the chain of the
 * web certificate's replacements, each signed with the replaced key (README, "HTTPS only").
 * Open, as a certificate is: cluster-sync reads it when a node presents a certificate it has not
 * pinned, without sending the cluster account to a server it does not trust yet.
 */
@Path("/.well-known/ucfleet")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class WellKnownResource {
    @Inject
    WebRotations rotations;

    @GET
    @Path("/web-certificate-rotations")
    public List<WebRotation> webCertificateRotations() {
        return rotations.chain();
    }
}
