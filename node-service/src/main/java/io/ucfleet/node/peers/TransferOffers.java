package io.ucfleet.node.peers;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;

import io.ucfleet.node.config.NodeWasReset;
import io.ucfleet.node.keys.KeyTransfer;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The receiving side's one-time key-transfer keys: made on request of a peer, held in memory
 * only, used at most once and forgotten after {@link #LIFETIME}.
 */
@ApplicationScoped
public class TransferOffers {
    static final Duration LIFETIME = Duration.ofMinutes(2);
    static final int MAX_OPEN = 64;

    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Offer> open = new ConcurrentHashMap<>();

    private record Offer(KeyTransfer.OfferKey key, Instant expires) {
    }

    /** Offers made before a reset were for certificates that no longer exist. */
    void onReset(@Observes NodeWasReset reset) {
        open.clear();
    }

    /** An offer: its id and the public key (X.509 SPKI, base64) to seal for. */
    public record Published(String offerId, String publicKey) {
    }

    public Published offer() {
        Instant now = clock.instant();
        open.values().removeIf(o -> o.expires().isBefore(now));
        if (open.size() >= MAX_OPEN) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Too many key transfers are open; retry in a minute.");
        }
        KeyTransfer.OfferKey key = KeyTransfer.offerKey(random);
        String id = UUID.randomUUID().toString();
        open.put(id, new Offer(key, now.plus(LIFETIME)));
        return new Published(id, Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
    }

    /** Opens a key sealed for an offer; the offer is used up whatever the outcome. */
    public SigningKey open(String offerId, KeyTransfer.SealedKey sealed, String context) {
        Offer offer = offerId == null ? null : open.remove(offerId);
        if (offer == null || offer.expires().isBefore(clock.instant())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The key-transfer offer is unknown, used or expired; ask for a new one.");
        }
        try {
            return KeyTransfer.open(sealed, offer.key(), context);
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The transferred key " + e.getMessage() + ".");
        }
    }
}
