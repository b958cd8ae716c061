package io.ucfleet.node.api;

import io.ucfleet.node.authz.AuthzKeyPurpose;
import io.ucfleet.node.authz.AuthzKeyCopies;
import io.ucfleet.node.authz.AuthzKeys;
import io.ucfleet.node.authz.AuthzRegeneration;
import io.ucfleet.node.authz.AuthzDistribution;
import io.ucfleet.node.authz.Tokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ucfleet.platform.security.Roles;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The cluster's OAuth AUTHZ keys: {@code set key regen authz signing|encryption} on the
 * publisher, a token to test with, introspection (RFC 7662) on every node, and the
 * distribution the nodes exchange among themselves (cluster account only).
 */
@Path("/api/v1/authz")
@Produces(MediaType.APPLICATION_JSON)
public class AuthzResource {
    static final Duration MAX_LIFETIME = Duration.ofDays(60);

    @Inject
    AuthzKeys keys;
    @Inject
    AuthzKeyCopies copies;
    @Inject
    AuthzDistribution distribution;
    @Inject
    AuthzRegeneration regeneration;
    @Inject
    Node node;
    @Inject
    Clock clock;

    private final Tokens tokens = new Tokens(new SecureRandom());

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeysView(String node, String role, SigningView signing, EncryptionView encryption) {
    }

    public record SigningView(String keyId, long version, String algorithm, int keySize, Instant generatedAt,
            String publicKeyPem, boolean privateKeyHeld) {
    }

    public record EncryptionView(String keyId, long version, String algorithm, int keySize, Instant generatedAt) {
    }

    public record RegenerateResult(String purpose, String keyId, long version, Instant generatedAt,
            List<AuthzDistribution.Delivery> distribution, List<String> servicesToRestart, String nextSteps) {
    }

    public record TokenRequest(String subject, Long lifetimeSeconds) {
    }

    public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
            String signingKeyId, String encryptionKeyId) {
    }

    public record IntrospectRequest(String token) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntrospectResponse(boolean active, String tokenUse, String sub, String iss, String kid, Long iat,
            Long exp) {
    }

    /** Key ids, versions and the public signing key: never secret material. */
    @GET
    @Path("/keys")
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
    public KeysView show() {
        var current = keys.current();
        return new KeysView(node.fqdn(), node.role().configName,
                current.map(k -> new SigningView(k.signing().keyId(), k.signing().version(), AuthzKeyPurpose.SIGNING.algorithm,
                        AuthzKeyPurpose.SIGNING.keySize, k.signing().generatedAt(), pem(k.signing().publicKey().getEncoded()),
                        k.signing().privateKey().isPresent())).orElse(null),
                current.map(k -> new EncryptionView(k.encryption().keyId(), k.encryption().version(),
                        AuthzKeyPurpose.ENCRYPTION.algorithm, AuthzKeyPurpose.ENCRYPTION.keySize,
                        k.encryption().generatedAt())).orElse(null));
    }

    /** {@code set key regen authz signing|encryption}: publisher only; then every member gets the new key. */
    @POST
    @Path("/keys/{purpose}/regenerate")
    @RolesAllowed(Roles.ADMIN)
    public RegenerateResult regenerate(@PathParam("purpose") String purposeId) {
        var r = regeneration.regenerate(AuthzRegeneration.purpose(purposeId));
        return new RegenerateResult(r.purpose().id, r.key().keyId, r.key().version, r.key().generatedAt, r.deliveries(),
                r.servicesToRestart().stream().map(CiscoService::id).toList(), r.nextSteps());
    }

    /** An access token (signed) and a refresh token (encrypted) from the current keys, for testing. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public TokenResponse token(TokenRequest request) {
        if (!keys.isPublisher()) {
            throw new DomainProblem(ProblemType.AUTHZ_PUBLISHER_ONLY, "Tokens are issued by the publisher; this node ("
                    + node.fqdn() + ") only verifies them.");
        }
        String subject = Optional.ofNullable(request).map(TokenRequest::subject).filter(s -> !s.isBlank()).orElse("jabber-user");
        long seconds = Optional.ofNullable(request).map(TokenRequest::lifetimeSeconds).orElse(3600L);
        if (seconds < 1 || seconds > MAX_LIFETIME.toSeconds() || subject.length() > 256) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "lifetimeSeconds must be 1.." + MAX_LIFETIME.toSeconds()
                    + " and subject at most 256 characters.");
        }
        var current = keys.current().orElseThrow();
        Instant now = clock.instant();
        Duration lifetime = Duration.ofSeconds(seconds);
        return new TokenResponse(tokens.issueAccess(current.signing(), node.fqdn(), subject, now, lifetime),
                tokens.issueRefresh(current.encryption(), node.fqdn(), subject, now, lifetime), "Bearer", seconds,
                current.signing().keyId(), current.encryption().keyId());
    }

    /** RFC 7662-style: {@code active} only for a token made with this node's current keys. */
    @POST
    @Path("/introspect")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
    public IntrospectResponse introspect(IntrospectRequest request) {
        if (request == null || request.token() == null || request.token().isBlank()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Send {\"token\": \"<access or refresh token>\"}.");
        }
        var result = tokens.introspect(request.token(), keys.current(), clock.instant());
        if (!result.active()) {
            return new IntrospectResponse(false, null, null, null, null, null, null);
        }
        return new IntrospectResponse(true, result.tokenUse(), result.subject(), result.issuer(), result.keyId(),
                result.issuedAt().getEpochSecond(), result.expiresAt().getEpochSecond());
    }

    /** The publisher's keys for a peer: cluster account only; the symmetric key wrapped. */
    @GET
    @Path("/keys/distribution")
    @RolesAllowed(Roles.CLUSTER)
    public AuthzKeyCopies.Distribution distribution() {
        return copies.distribution(distribution.transport());
    }

    /** A copy pushed by the publisher: applied when newer than this node's. */
    @PUT
    @Path("/keys/distribution")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLUSTER)
    public AuthzKeyCopies.Applied receive(AuthzKeyCopies.Distribution copy) {
        return copies.apply(copy, distribution.transport());
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
