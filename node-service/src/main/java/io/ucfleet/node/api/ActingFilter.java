package io.ucfleet.node.api;

import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.ucfleet.node.audit.Acting;
import io.ucfleet.node.audit.Actor;
import io.ucfleet.node.audit.AuditLog;
import io.ucfleet.platform.security.Roles;
import io.vertx.ext.web.RoutingContext;

/** Names the actor of every API and page request for the change trail: the account, its address, the interface. */
public class ActingFilter {
    @Inject
    Acting acting;

    @ServerRequestFilter
    public void act(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        AuditLog.Via.ofPath(context.request().path()).ifPresent(via -> acting.as(new Actor(
                identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName(),
                context.request().remoteAddress() == null ? "" : context.request().remoteAddress().hostAddress(),
                identity != null && identity.hasRole(Roles.CLUSTER) ? AuditLog.Via.CLUSTER : via, null)));
    }
}
