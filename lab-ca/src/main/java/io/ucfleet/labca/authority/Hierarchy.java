package io.ucfleet.labca.authority;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A root CA and, optionally, an intermediate under it; the intermediate issues when there is one
 * (as seed 004's "full chain of trust (intermediate CAs) to the root CA"), else the root.
 * {@code crlValidity} is nextUpdate - thisUpdate of its CRLs; {@code crlBackdate} moves thisUpdate
 * back from the signing time, so a backdate beyond the validity makes CRLs that are expired when
 * served.
 */
public record Hierarchy(String name, Instant createdAt, Duration crlValidity, Duration crlBackdate, Authority root,
        Optional<Authority> intermediate) {

    public Authority issuing() {
        return intermediate.orElse(root);
    }

    /** The issuing CA first, the root last. */
    public List<Authority> chain() {
        List<Authority> chain = new ArrayList<>();
        intermediate.ifPresent(chain::add);
        chain.add(root);
        return chain;
    }

    public Optional<Authority> tier(Tier tier) {
        return tier == Tier.ROOT ? Optional.of(root) : intermediate;
    }

    public Optional<Authority> byId(long id) {
        return chain().stream().filter(a -> a.id() == id).findFirst();
    }
}
