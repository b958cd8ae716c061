package io.ucfleet.node.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;

/**
 * A refused login form goes back to the form saying so. Quarkus' form mechanism fails the
 * request, and the REST layer would answer the API's 401 problem; this failure handler of the
 * login path comes first.
 */
@ApplicationScoped
class LoginFailureRoute {
    void install(@Observes Router router) {
        router.post("/cmplatform/j_security_check").order(-1000).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException && !context.response().headWritten()) {
                context.response().setStatusCode(303).putHeader("Location", CertificateManagementPages.LOGIN + "?error=true").end();
            } else {
                context.next();
            }
        });
    }
}
