package io.ucfleet.node.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.ucfleet.node.audit.AuditLog;
import io.ucfleet.platform.security.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Feeds the audit log from the HTTP edge: every change (POST, PUT, PATCH, DELETE) to the native
 * API, the certmgr façade, the management API and the Certificate Management pages, whatever its
 * outcome, and every refused login or permission on them (401, 403). Recorded when the answer is
 * sent, off the event loop. The pages' login form is not a change: Quarkus answers it. Nor is a
 * delivery the cluster account made with success: what it changed has an entry per change.
 */
@ApplicationScoped
public class AuditRoutes {
    private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    /** Before every other handler, the HTTP edge's limits included, so that their refusals are recorded too. */
    static final int ORDER = -100;

    @Inject
    AuditLog audit;
    @Inject
    Vertx vertx;

    /** cluster-sync's feed reads and deliveries ({@code ReplicationResource}). */
    private static final String REPLICATION_API = "/api/v1/replication/";

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        AuditLog.Via via = AuditLog.Via.ofPath(context.request().path()).orElse(null);
        if (via != null) {
            HttpMethod method = context.request().method();
            String address = context.request().remoteAddress() == null ? "" : context.request().remoteAddress().hostAddress();
            String resource = method.name() + " " + context.request().uri();
            String basicUser = basicUser(context.request().getHeader("Authorization"));
            boolean replicationDelivery = context.request().path().startsWith(REPLICATION_API);
            context.addEndHandler(done -> {
                int status = context.response().getStatusCode();
                boolean refused = status == 401 || status == 403;
                if (!CHANGES.contains(method) && !refused) {
                    return;
                }
                SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
                String user = identity != null && !identity.isAnonymous() ? identity.getPrincipal().getName() : basicUser;
                AuditLog.Via from = identity != null && identity.hasRole(Roles.CLUSTER) ? AuditLog.Via.CLUSTER : via;
                if (from == AuditLog.Via.CLUSTER && status < 400 && replicationDelivery) {
                    return; // each change it applied has its own entry (via replication); one per batch cost a quarter of the apply's CPU
                }
                String type = status == 401 ? "authentication" : status == 403 ? "authorization" : "change";
                vertx.executeBlocking(() -> {
                    audit.record(user, address, from, type, resource, status < 400, "HTTP " + status);
                    return null;
                }, false);
            });
        }
        context.next();
    }

    /** The user name of a Basic header (never the password), for refused logins. */
    private static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
