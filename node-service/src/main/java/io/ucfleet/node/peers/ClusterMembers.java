package io.ucfleet.node.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.node.api.Roles;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/**
 * The other node-services of the cluster, as {@code ucfleet.cluster.members} lists them, and the
 * cluster's own channel to them: HTTP with Basic credentials of the {@code cluster} service
 * account ({@code ucfleet.cluster.username/password}), the one place that builds such calls.
 * Who each member is comes from its own {@code GET /api/v1/node}; this node recognises itself
 * by its FQDN.
 */
@ApplicationScoped
public class ClusterMembers {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "ucfleet.cluster.members")
    Optional<List<String>> members;
    @ConfigProperty(name = "ucfleet.cluster.username")
    Optional<String> username;
    @ConfigProperty(name = "ucfleet.cluster.password")
    Optional<String> password;
    @Inject
    Node node;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A member node: where to reach it and who it says it is. */
    public record Member(String baseUrl, String fqdn, String role) {
    }

    /** Every member of the cluster, this node included (from configuration alone when none is configured). */
    public List<Member> all() {
        List<Member> out = new ArrayList<>();
        boolean self = false;
        for (String url : urls()) {
            JsonNode info = call("GET", url, "/api/v1/node", null);
            Member member = new Member(url, info.path("fqdn").asText(), info.path("role").asText());
            self |= member.fqdn().equalsIgnoreCase(node.fqdn());
            out.add(member);
        }
        if (!self) {
            out.add(0, new Member(null, node.fqdn(), node.role().configName));
        }
        return out;
    }

    /** The members of this node's product (a multi-server certificate names them all), this node first. */
    public List<Member> sameProduct() {
        String product = Product.of(node.role().configName);
        List<Member> all = all().stream().filter(m -> Product.of(m.role()).equals(product)).toList();
        List<Member> ordered = new ArrayList<>(all.stream().filter(this::isSelf).toList());
        all.stream().filter(m -> !isSelf(m)).forEach(ordered::add);
        return ordered;
    }

    public boolean isSelf(Member member) {
        return member.fqdn().equalsIgnoreCase(node.fqdn());
    }

    /** The members' base URLs as configured, without trailing slashes. */
    public List<String> urls() {
        return members.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("/+$", "")).toList();
    }

    /** The cluster account's password, for deriving keys from it (it is never logged). */
    public Optional<String> password() {
        return password.filter(p -> !p.isBlank());
    }

    /** What a member answered: its status, whatever it is, and its body. */
    public record Reply(int status, byte[] body) {
    }

    /**
     * One request to a member as the cluster service account, with a JSON body when
     * {@code body} is not null; any answer is a {@link Reply}, a member that cannot be reached
     * (or does not answer within {@code timeout}) an {@link IOException}.
     */
    public Reply send(String method, String baseUrl, String path, Object body, Duration timeout)
            throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((username.orElse(Roles.CLUSTER) + ":" + password.orElse(""))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + path))
                .timeout(timeout)
                .header("Authorization", "Basic " + credentials)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.body());
    }

    /** Calls a member as the cluster service account; a refusal or an unreachable member is a 502 naming it. */
    public JsonNode call(String method, String baseUrl, String path, Object body) {
        if (username.isEmpty()) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE,
                    "ucfleet.cluster.username is not configured, so this node cannot call " + baseUrl + ".");
        }
        try {
            Reply reply = send(method, baseUrl, path, body, TIMEOUT);
            JsonNode answer = reply.body().length == 0 ? json.createObjectNode() : json.readTree(reply.body());
            if (reply.status() / 100 != 2) {
                String detail = answer.path("detail").asText("HTTP " + reply.status());
                throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The cluster member " + baseUrl + " answered "
                        + reply.status() + ": " + detail, Map.of("member", baseUrl, "memberStatus",
                                reply.status(), "memberProblem", answer.path("type").asText("")));
            }
            return answer;
        } catch (IOException e) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The cluster member " + baseUrl + " cannot be reached: "
                    + e.getClass().getSimpleName() + ".", Map.of("member", baseUrl));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "Interrupted while calling " + baseUrl + ".");
        }
    }
}
