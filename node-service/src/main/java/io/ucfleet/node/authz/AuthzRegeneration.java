package io.ucfleet.node.authz;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * {@code set key regen authz signing|encryption} as one use case for every front (REST, CLI,
 * pages): the publisher makes the new key, then hands it to every member before answering.
 */
@ApplicationScoped
public class AuthzRegeneration {
    @Inject
    AuthzKeys keys;
    @Inject
    AuthzDistribution distribution;

    /** The new key, what each member answered, and what the administrator does next (seed 002). */
    public record Result(AuthzKeyPurpose purpose, AuthzKeyRow key, List<AuthzDistribution.Delivery> deliveries,
            List<CiscoService> servicesToRestart, String nextSteps) {
    }

    /** The purpose a front names ({@code signing}, {@code encryption}), or 404 unknown-authz-key. */
    public static AuthzKeyPurpose purpose(String id) {
        return AuthzKeyPurpose.byId(id).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_AUTHZ_KEY,
                "There is no AUTHZ key \"" + id + "\"; use signing or encryption."));
    }

    /** Publisher only (elsewhere 409 authz-publisher-only, nothing changed). */
    public Result regenerate(AuthzKeyPurpose purpose) {
        AuthzKeyRow row = keys.regenerate(purpose);
        List<AuthzDistribution.Delivery> deliveries = distribution.push();
        return new Result(purpose, row, deliveries, List.of(CiscoService.CALLMANAGER),
                "Tokens made with the old " + purpose.id + " key are refused on every node that has the new key. "
                        + "Restart the Cisco CallManager Service on all nodes; regenerate the keys on every other UC "
                        + "cluster (IM and Presence central cluster, Expressway, Unity Connection) as well.");
    }
}
