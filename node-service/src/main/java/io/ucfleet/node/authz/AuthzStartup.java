package io.ucfleet.node.authz;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

/** The publisher creates the cluster's AUTHZ keys at its first start; the others pull them. */
@ApplicationScoped
public class AuthzStartup {
    @Inject
    AuthzKeys keys;

    void onStart(@Observes StartupEvent event) {
        keys.ensureGenerated();
    }
}
