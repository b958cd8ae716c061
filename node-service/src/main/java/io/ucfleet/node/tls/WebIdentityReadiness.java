package io.ucfleet.node.tls;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the identity set exists and HTTPS presents the node's own web identity. */
@Readiness
@ApplicationScoped
public class WebIdentityReadiness implements HealthCheck {
    @Inject
    HttpsIdentity https;

    @Override
    public HealthCheckResponse call() {
        String served = https.servedSha256();
        return HealthCheckResponse.named("web-identity")
                .status(served != null)
                .withData("sha256", served == null ? "none" : served)
                .build();
    }
}
