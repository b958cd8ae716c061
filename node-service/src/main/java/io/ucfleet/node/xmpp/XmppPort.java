package io.ucfleet.node.xmpp;

import java.util.List;

import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.profile.IdentityProfile;

/**
 * IM and Presence's two XMPP ports, as data: the stream namespace each speaks, the certificate it
 * presents, and the services whose restart makes it present the current one (Cisco XCP Router
 * restarts every XCP component, the federation connection manager with it).
 */
enum XmppPort {
    CLIENT_TO_SERVER("client-to-server", "jabber:client", IdentityProfile.CUP_XMPP, List.of(CiscoService.XCP_ROUTER)),
    SERVER_TO_SERVER("server-to-server", "jabber:server", IdentityProfile.CUP_XMPP_S2S,
            List.of(CiscoService.XCP_ROUTER, CiscoService.XCP_FEDERATION));

    final String description;
    final String namespace;
    final IdentityProfile presents;
    final List<CiscoService> reloadedBy;

    XmppPort(String description, String namespace, IdentityProfile presents, List<CiscoService> reloadedBy) {
        this.description = description;
        this.namespace = namespace;
        this.presents = presents;
        this.reloadedBy = reloadedBy;
    }
}
