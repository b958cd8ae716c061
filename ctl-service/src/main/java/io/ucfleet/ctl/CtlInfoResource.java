package io.ucfleet.ctl;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * ctl-service will hold the cluster security mode and the CTL/ITL files (issue 5). Until then
 * it reports the default mode, non-secure, which is what a new cluster is in.
 */
@Path("/api/v1/ctl")
public class CtlInfoResource {

    public record Info(String service, String clusterSecurityMode) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info() {
        return new Info("ctl-service", "non-secure");
    }
}
