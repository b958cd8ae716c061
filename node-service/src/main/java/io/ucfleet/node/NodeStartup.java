package io.ucfleet.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.tls.HttpsIdentity;
import io.ucfleet.node.xmpp.XmppIdentity;

/**
 * Node boot: create the identity set on first start, start every service (which satisfies
 * restarts pending from before the boot) and present the current web identity on HTTPS
 * (and, on IM and Presence, the XMPP identities on the XMPP ports).
 */
@ApplicationScoped
public class NodeStartup {
    @Inject
    Identities identities;
    @Inject
    Serviceability serviceability;
    @Inject
    HttpsIdentity https;
    @Inject
    XmppIdentity xmpp;

    void onStart(@Observes StartupEvent event) {
        identities.ensureIdentitySet();
        serviceability.bootAll();
        https.publish();
        xmpp.publish();
    }
}
