package io.ucfleet.node.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.ucfleet.node.config.Node;

/** For the shared layout: whether this node is an Expressway, so its pages' link shows there only. */
@Named("pageProduct")
@ApplicationScoped
public class PageProduct {
    @Inject
    Node node;

    public boolean isExpressway() {
        return node.role().isExpressway();
    }
}
