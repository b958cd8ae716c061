package io.ucfleet.sync;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * cluster-sync will replicate trust-store changes between nodes (issue 4). Until then it
 * reports only what it is, so launchers and probes can find it.
 */
@Path("/api/v1/sync")
public class SyncInfoResource {

    public record Info(String service, String replication) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info() {
        return new Info("cluster-sync", "not yet implemented");
    }
}
