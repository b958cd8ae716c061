package io.ucfleet.node.api;

import io.ucfleet.platform.replication.Feed;
import io.ucfleet.platform.replication.State;
import io.ucfleet.node.replication.ChangeSignal;
import io.ucfleet.platform.replication.Applied;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.StoredCertificate;
import io.ucfleet.node.replication.Replica;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What cluster-sync reads and writes on a node (role {@code cluster} only): the change feed
 * after a cursor (long poll), the apply endpoint (a batch in one transaction; change id = idempotency key), the versions
 * and tombstones for the anti-entropy pass, and a certificate's DER for a repair.
 */
@Path("/api/v1/replication")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLUSTER)
public class ReplicationResource {
    static final long MAX_WAIT_MILLIS = 30_000;

    @Inject
    Replica replica;
    @Inject
    ChangeSignal signal;
    /** The HTTP idle timeout: a long poll answers (empty) before it, so the connection it waits on is never cut. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "30M")
    java.time.Duration idleTimeout;

    /**
     * Changes with {@code seq > after}, oldest first; with {@code waitMillis}, waits up to that long
     * for a first one (at most the HTTP idle timeout less 2 s, so the wait never outlives its connection).
     */
    @GET
    @Path("/changes")
    public Feed changes(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("500") int limit,
            @QueryParam("waitMillis") @DefaultValue("0") long waitMillis) throws InterruptedException {
        if (after < 0 || limit < 1 || limit > Replica.MAX_BATCH || waitMillis < 0 || waitMillis > MAX_WAIT_MILLIS) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "after must be >= 0, limit 1.." + Replica.MAX_BATCH
                    + ", waitMillis 0.." + MAX_WAIT_MILLIS + ".");
        }
        // An empty answer before waitMillis is a long poll's normal end; the client asks again at once.
        long deadline = System.currentTimeMillis() + Math.min(waitMillis, Math.max(0, idleTimeout.toMillis() - 2_000));
        long seen = signal.generation();
        Feed feed = replica.changesAfter(after, limit);
        while (feed.changes().isEmpty() && System.currentTimeMillis() < deadline) {
            signal.awaitAfter(seen, Math.min(1_000, deadline - System.currentTimeMillis()));
            seen = signal.generation();
            feed = replica.changesAfter(after, limit);
        }
        return feed;
    }

    /** Applies a batch of peers' changes in order, in one transaction (all or nothing), answering each one's outcome. */
    @POST
    @Path("/changes")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Applied> apply(List<Change> changes) {
        if (changes == null || changes.isEmpty() || changes.size() > Applied.MAX_BATCH) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Send a JSON array of 1.." + Applied.MAX_BATCH + " changes.");
        }
        if (changes.contains(null)) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The array holds a null change.");
        }
        List<Replica.Outcome> outcomes = replica.apply(changes);
        return IntStream.range(0, changes.size())
                .mapToObj(i -> new Applied(changes.get(i).changeId(), outcomes.get(i).name())).toList();
    }

    @GET
    @Path("/state")
    public State state() {
        return replica.state();
    }

    @GET
    @Path("/certificates/{store}/{sha256}")
    public StoredCertificate certificate(@PathParam("store") String store, @PathParam("sha256") String sha256) {
        return new StoredCertificate(store, sha256, replica.der(store, sha256));
    }
}
