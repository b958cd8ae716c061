package io.ucfleet.node.signing;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.peers.ClusterMembers;

/**
 * The SHA-256 of every current identity certificate of the cluster's nodes: this node's own, and
 * each other member's as its {@code GET /api/v1/identities} answers (the cluster account reads
 * them, as ctl-service does to build the files). A member that cannot be reached fails the
 * signature with 502 {@code peer-unavailable}, as the build would have failed without it.
 */
@ApplicationScoped
public class ClusterIdentities {
    @Inject
    Identities identities;
    @Inject
    ClusterMembers members;

    public Set<String> currentIdentities() {
        Set<String> out = new HashSet<>();
        QuarkusTransaction.requiringNew().run(() -> identities.currentAll().forEach(e -> out.add(e.sha256)));
        for (ClusterMembers.Member member : members.all()) {
            if (member.baseUrl() == null || members.isSelf(member)) {
                continue;
            }
            for (JsonNode identity : members.call("GET", member.baseUrl(), "/api/v1/identities", null)) {
                String sha256 = identity.path("fingerprints").path("sha256").asText("");
                if (!sha256.isEmpty()) {
                    out.add(sha256);
                }
            }
        }
        return out;
    }
}
