package io.ucfleet.node.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * The actor of the request being served, set by the edge that took it (the HTTP API's filter, the
 * platform CLI), so that domain code records who changed what without knowing the interface.
 */
@RequestScoped
public class Acting {
    private Actor actor;

    public void as(Actor actor) {
        this.actor = actor;
    }

    Actor actor() {
        return actor;
    }
}
