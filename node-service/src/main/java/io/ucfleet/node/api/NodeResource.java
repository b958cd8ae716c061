package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.api.Representations.NodeInfo;
import io.ucfleet.node.api.Representations.Profile;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.Release;
import io.ucfleet.node.tls.HttpsIdentity;

/** Who this node is, and the key-usage table its identities follow. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
public class NodeResource {
    @Inject
    Node node;
    @Inject
    HttpsIdentity https;
    @Inject
    io.ucfleet.node.xmpp.XmppIdentity xmpp;
    @Inject
    Release release;
    @Inject
    io.ucfleet.node.identity.Identities identities;
    @Inject
    io.ucfleet.node.expressway.UcNames ucNames;

    /** Also for the cluster account: peer nodes learn who each member is from it. */
    @GET
    @Path("/node")
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
    public NodeInfo node() {
        return new NodeInfo(node.hostname(), node.fqdn(), node.ip(), node.role().configName, node.role().displayName,
                node.clusterName(), release.version(), node.role().identities.stream().map(p -> p.unit).toList(), node.role().trustStores,
                node.role().webIdentity.unit, https.servedSha256(), xmpp.status().orElse(null),
                warnings());
    }

    /** The node's standing conditions: the key in use (seed 004's trailing newline), a server certificate needing renewal. */
    private List<String> warnings() {
        List<String> warnings = new java.util.ArrayList<>(identities.keyWarnings());
        warnings.addAll(ucNames.renewalWarnings());
        return warnings;
    }

    @GET
    @Path("/profiles")
    public List<Profile> profiles() {
        return node.role().identities.stream().map(p -> Profile.of(p, node)).toList();
    }
}
