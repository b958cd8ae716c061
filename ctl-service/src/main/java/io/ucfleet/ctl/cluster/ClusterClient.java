package io.ucfleet.ctl.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.ctl.tlv.CertificateFields;
import io.ucfleet.ctl.tlv.DigestAlgorithm;

/**
 * Calls the cluster's node-services over HTTP with the {@code cluster} service account:
 * {@code GET /api/v1/node}, {@code GET /api/v1/identities/{unit}}, the publisher's
 * ITLRecovery signing, and {@code PUT /api/v1/ctl-status}. Plain Java, no Quarkus.
 */
public class ClusterClient {
    /** The identities a CTL or ITL may list. */
    public static final List<String> CUCM_UNITS = List.of("CallManager", "TVS");
    public static final List<String> PUBLISHER_UNITS = List.of("CAPF", "ITLRecovery");

    private final List<String> members;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public ClusterClient(List<String> members, String username, String password) {
        this.members = members.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    public List<String> members() {
        return members;
    }

    /** Every member with its CTL-relevant identities (none for nodes that are not Unified CM). */
    public List<NodeView> nodes() {
        if (members.isEmpty()) {
            throw new ClusterException("ucfleet.cluster.members names no node");
        }
        return members.parallelStream().map(this::node).toList();
    }

    public NodeView node(String baseUrl) {
        JsonNode info = getJson(baseUrl, "/api/v1/node");
        String role = info.path("role").asText();
        Map<String, CertificateFields> identities = new LinkedHashMap<>();
        if (NodeView.PUBLISHER.equals(role) || NodeView.SUBSCRIBER.equals(role)) {
            for (String unit : CUCM_UNITS) {
                identities.put(unit, identity(baseUrl, unit));
            }
            if (NodeView.PUBLISHER.equals(role)) {
                for (String unit : PUBLISHER_UNITS) {
                    identities.put(unit, identity(baseUrl, unit));
                }
            }
        }
        return new NodeView(baseUrl, info.path("hostname").asText(), info.path("fqdn").asText(),
                info.path("ip").asText(), role, Map.copyOf(identities));
    }

    CertificateFields identity(String baseUrl, String unit) {
        String pem = getJson(baseUrl, "/api/v1/identities/" + unit).path("pem").asText();
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return CertificateFields.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new ClusterException(baseUrl + " answered an unreadable " + unit + " certificate: " + e.getMessage());
        }
    }

    /** The publisher signs with its ITLRecovery key; {@code signerSha256} pins the certificate the file names. */
    public byte[] sign(String publisherUrl, byte[] data, DigestAlgorithm digest, String signerSha256) {
        HttpRequest request = request(publisherUrl, "/api/v1/signing/itl-recovery?digest=" + digest.displayName
                + "&certificate=" + signerSha256)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build();
        HttpResponse<byte[]> response = send(publisherUrl, request);
        if (response.statusCode() != 200) {
            throw new ClusterException("the publisher " + publisherUrl + " refused to sign: HTTP "
                    + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** Tell a node the security mode and which of its identities the files list. */
    public void reportStatus(String baseUrl, Map<String, Object> report) {
        try {
            HttpRequest request = request(baseUrl, "/api/v1/ctl-status").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report))).build();
            HttpResponse<byte[]> response = send(baseUrl, request);
            if (response.statusCode() != 200) {
                throw new ClusterException(baseUrl + " refused the CTL status: HTTP " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ClusterException("cannot encode the CTL status", e);
        }
    }

    private JsonNode getJson(String baseUrl, String path) {
        HttpResponse<byte[]> response = send(baseUrl, request(baseUrl, path).GET().build());
        if (response.statusCode() != 200) {
            throw new ClusterException(baseUrl + path + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403
                            ? " (check ucfleet.cluster.username/password and the node's cluster account)" : ""));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ClusterException(baseUrl + path + " answered something that is not JSON");
        }
    }

    private HttpRequest.Builder request(String baseUrl, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization);
    }

    private HttpResponse<byte[]> send(String baseUrl, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ClusterException("cannot reach cluster member " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while calling " + baseUrl, e);
        }
    }
}
