package io.ucfleet.sync.feed;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.replication.Applied;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;
import io.ucfleet.platform.replication.State;
import io.ucfleet.platform.replication.StoredCertificate;
import io.ucfleet.sync.config.ClusterConfig;
import io.ucfleet.platform.tls.MemberPins;

/** A node's replication endpoints ({@code /api/v1/replication}), called over the shared {@link ClusterChannel}. */
@ApplicationScoped
public class NodeClient {
    /**
     * A node answered, but not with success. The message (for the log) is the channel's;
     * {@link #status} and {@link #problemType} are what callers decide by.
     */
    public static class NodeException extends IOException {
        public final int status;
        /** The answer's problem {@code type} ({@code urn:ucfleet:problem:<slug>}), if it was problem+json. */
        public final String problemType;
        /** What the shared channel made of the answer: only {@code UNAVAILABLE} is worth a retry. */
        public final ClusterChannel.Failure kind;

        public NodeException(String message, int status, String problemType, ClusterChannel.Failure kind) {
            super(message);
            this.status = status;
            this.problemType = problemType;
            this.kind = kind;
        }
    }

    /** The node presented a certificate cluster-sync does not trust for it ({@link MemberPins}); the message says which and why. */
    public static class Untrusted extends IOException {
        public Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    ObjectMapper json;
    @Inject
    ClusterConfig cluster;
    @Inject
    MemberPins pins;

    private ClusterChannel channel;

    @PostConstruct
    void open() {
        channel = new ClusterChannel(List.of(), cluster.username(), cluster.password().orElse(""), json, pins);
    }

    public Feed changes(String url, long after, int limit, long waitMillis) throws IOException, InterruptedException {
        return read(send("GET", url, "/api/v1/replication/changes?after=" + after + "&limit=" + limit + "&waitMillis="
                + waitMillis, null, Duration.ofMillis(waitMillis + 10_000)), new TypeReference<Feed>() {
                });
    }

    public State state(String url) throws IOException, InterruptedException {
        return read(send("GET", url, "/api/v1/replication/state", null, Duration.ofSeconds(20)), new TypeReference<State>() {
        });
    }

    public byte[] der(String url, String store, String sha256) throws IOException, InterruptedException {
        return read(send("GET", url, "/api/v1/replication/certificates/" + store + "/" + sha256, null, Duration.ofSeconds(10)),
                new TypeReference<StoredCertificate>() {
                }).der();
    }

    public List<Applied> apply(String url, List<Change> changes) throws IOException, InterruptedException {
        return read(send("POST", url, "/api/v1/replication/changes", json.writeValueAsBytes(changes), Duration.ofSeconds(20)),
                new TypeReference<List<Applied>>() {
                });
    }

    /**
     * One call over the shared channel, its typed failures turned into what {@code Failure}
     * classifies: a node that answered is a {@link NodeException} with its status and problem
     * type; one that did not is an {@link IOException}; an interrupt stays an interrupt.
     */
    private byte[] send(String method, String url, String path, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return channel.send(method, url, path, body, "application/json", timeout).body();
        } catch (ClusterChannel.CallFailed e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException(e.getMessage());
            }
            if (e.status != 0) {
                throw new NodeException(e.getMessage(), e.status, e.problemType, e.failure);
            }
            if (e.untrusted) {
                throw new Untrusted(refusal(e), e);
            }
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /** The trust manager's sentence, as the handshake's cause chain carries it. */
    private static String refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    private <T> T read(byte[] body, TypeReference<T> type) throws IOException {
        return json.readValue(body, type);
    }
}
