package io.ucfleet.ctl.cluster;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.cluster.ClusterChannel;

/**
 * What ctl-service asks of the cluster's node-services, over the shared {@link ClusterChannel}
 * as the {@code cluster} service account: {@code GET /api/v1/node}, {@code GET
 * /api/v1/identities/{unit}}, the publisher's ITLRecovery signing, and {@code PUT
 * /api/v1/ctl-status}. A failed call is a {@link ClusterException} with our own message.
 */
public class ClusterClient {
    /** The identities a CTL or ITL may list. */
    public static final List<String> CUCM_UNITS = List.of("CallManager", "TVS");
    public static final List<String> PUBLISHER_UNITS = List.of("CAPF", "ITLRecovery");

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ClusterChannel channel;

    /** The nodes verified by {@code pins}: what each presented first, or rotated to by a signed rotation since. */
    public ClusterClient(List<String> members, String username, String password, io.ucfleet.platform.tls.MemberPins pins) {
        this.channel = new ClusterChannel(members, username, password, new com.fasterxml.jackson.databind.ObjectMapper(), pins);
    }

    /** The nodes verified by {@code tls} (the CTL benchmark: a publisher reached from outside a service). */
    public ClusterClient(List<String> members, String username, String password, javax.net.ssl.SSLContext tls) {
        this.channel = new ClusterChannel(members, username, password, new com.fasterxml.jackson.databind.ObjectMapper(), tls);
    }

    public List<String> members() {
        return channel.members();
    }

    /** Every member with its CTL-relevant identities (none for nodes that are not Unified CM). */
    public List<NodeView> nodes() {
        if (members().isEmpty()) {
            throw new ClusterException("ucfleet.cluster.members names no node");
        }
        return members().parallelStream().map(this::node).toList();
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
            throw new ClusterException(baseUrl + " answered an unreadable " + unit + " certificate", e);
        }
    }

    /** The publisher signs with its ITLRecovery key; {@code signerSha256} pins the certificate the file names. */
    public byte[] sign(String publisherUrl, byte[] data, DigestAlgorithm digest, String signerSha256) {
        try {
            return channel.send("POST", publisherUrl, "/api/v1/signing/itl-recovery?digest=" + digest.displayName
                    + "&certificate=" + signerSha256, data, "application/octet-stream", TIMEOUT).body();
        } catch (ClusterChannel.CallFailed e) {
            throw failed("the publisher " + publisherUrl + " did not sign", e);
        }
    }

    /** Tell a node the security mode and which of its identities the files list. */
    public void reportStatus(String baseUrl, Map<String, Object> report) {
        try {
            channel.json("PUT", baseUrl, "/api/v1/ctl-status", report, TIMEOUT);
        } catch (ClusterChannel.CallFailed e) {
            throw failed(baseUrl + " did not take the CTL status", e);
        }
    }

    private JsonNode getJson(String baseUrl, String path) {
        try {
            return channel.json("GET", baseUrl, path, null, TIMEOUT);
        } catch (ClusterChannel.CallFailed e) {
            throw failed(baseUrl + path + " failed", e);
        }
    }

    private static ClusterException failed(String what, ClusterChannel.CallFailed e) {
        return new ClusterException(what + ": " + e.getMessage() + (e.problemDetail == null ? "" : " (" + e.problemDetail + ")"),
                e);
    }
}
