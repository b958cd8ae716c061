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

import io.ucfleet.node.config.Node;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/**
 * The other node-services of the cluster, as {@code ucfleet.cluster.members} lists them, called
 * over HTTP with the {@code cluster} service account. Who each member is comes from its own
 * {@code GET /api/v1/node}; this node recognises itself by its FQDN.
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
        List<String> urls = members.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<Member> out = new ArrayList<>();
        boolean self = false;
        for (String url : urls) {
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

    /** Calls a member as the cluster service account; a refusal or an unreachable member is a 502 naming it. */
    public JsonNode call(String method, String baseUrl, String path, Object body) {
        String account = username.orElseThrow(() -> new DomainProblem(ProblemType.PEER_UNAVAILABLE,
                "ucfleet.cluster.username is not configured, so this node cannot call " + baseUrl + "."));
        String credentials = Base64.getEncoder().encodeToString((account + ":" + password.orElse(""))
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + path))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Basic " + credentials)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                String detail = answer.path("detail").asText("HTTP " + response.statusCode());
                throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The cluster member " + baseUrl + " answered "
                        + response.statusCode() + ": " + detail, Map.of("member", baseUrl, "memberStatus",
                                response.statusCode(), "memberProblem", answer.path("type").asText("")));
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
