package io.ucfleet.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who this node is. The same keys are used by the local launcher (system properties) and on
 * Kubernetes (environment variables such as {@code UCFLEET_NODE_FQDN}).
 */
@ConfigMapping(prefix = "ucfleet.node")
public interface NodeConfig {

    /** Short host name, e.g. {@code cucm-pub}. */
    String hostname();

    /** Fully qualified domain name; goes into the CN and SAN dNSName of the identity certificates. */
    String fqdn();

    /** IPv4 or IPv6 address the node advertises. */
    String ip();

    /** {@code publisher}, {@code subscriber}, {@code im-and-presence}, {@code unity-connection}, {@code expressway-c} or {@code expressway-e}. */
    String role();

    /** Cluster this node belongs to. */
    @WithDefault("ucfleet")
    String clusterName();

    /** Subject fields of the node's self-signed certificates (CN comes from the unit's rule). */
    Subject subject();

    /**
     * Key-encryption key: 32 bytes, base64. Private keys are stored AES-256-GCM encrypted
     * under it. Required; the local launcher generates one per node, Kubernetes reads it from
     * a Secret.
     */
    String keyEncryptionKey();

    /** Directory for node files: HTTPS PEM files (key encrypted) and the embedded database. */
    @WithDefault("data")
    Path dataDir();

    /** Largest accepted certificate upload, in bytes; larger bodies get 413 problem+json. */
    @WithDefault("1048576")
    int maxUploadBytes();

    /**
     * Refuse (400 {@code key-usage-lost}) a CA-signed identity that lacks a key usage or
     * extended key usage of its unit's row, instead of installing it with a warning per missing
     * bit as real nodes do. For users who want their CA profile checked.
     */
    @WithDefault("false")
    boolean strictKeyUsage();

    /** Page size of certificate listings when the request gives none. */
    @WithDefault("50")
    int defaultPageSize();

    /**
     * The release this node reports ({@code show version active}) and whose CLI output formats it
     * uses where releases differ, e.g. {@code 15.0.1.12900-234} or {@code 12.5.1.11900-146}: before
     * 15, {@code show cert list} prints blocks instead of one line per certificate.
     */
    @WithDefault("15.0.1.12900-234")
    String version();

    /** The platform CLI over SSH (publisher, subscriber, IM and Presence, Unity Connection). */
    Ssh ssh();

    /** XMPP on IM and Presence nodes: what Cisco XCP Router and the federation connection manager present. */
    Xmpp xmpp();

    /** What only an Expressway node reads. */
    Expressway expressway();

    interface Expressway {
        /**
         * The cluster's FQDN when the Expressway is clustered: its CSRs name it in the SAN beside
         * the peer's own FQDN (seed 004). None: not clustered, the SAN holds the FQDN alone.
         */
        Optional<String> clusterFqdn();

        /**
         * The FQDNs of the cluster's peers, this node's included or not (seed 004: "If a
         * certificate is shared across cluster peers, it must list all possible peer FQDNs").
         * A server certificate that names another peer is a shared one, and loading it warns of
         * the peers it leaves out. None: the node knows no peers.
         */
        Optional<List<String>> peers();

        /** CRL management (seed 004): the manual upload's and a download's size, and the downloads' bounds. */
        Crl crl();

        /** SIP TLS zones: the bounds of a check of a zone's peer, and how often every zone is checked. */
        Zones zones();
    }

    interface Zones {
        /** The peer must accept the TCP connection within this. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** ... and complete the TLS handshake within this. */
        @WithDefault("5S")
        Duration handshakeTimeout();

        /** Each OCSP responder or CDP must answer within this (seed 001: 5 seconds for revocation answers). */
        @WithDefault("5S")
        Duration revocationTimeout();

        /** A whole check, whatever the sources: a "check now" request waits at most this. */
        @WithDefault("20S")
        Duration checkTimeout();

        /** How often every zone is checked; the scheduler reads {@code ucfleet.node.expressway.zones.check-every}. */
        @WithDefault("60s")
        String checkEvery();

        /** At most this many zones on a node. */
        @WithDefault("200")
        int maxZones();
    }

    interface Crl {
        /**
         * Largest CRL file uploaded, in bytes (under the 4M body limit): a 100,000-entry CRL with
         * short serials and no reason codes is about 3 MB as PEM.
         */
        @WithDefault("4000000")
        int maxBytes();

        /** Largest CRL file downloaded from a distribution point (archives: once unpacked): long serials and reasons make CRLs bigger. */
        @WithDefault("16000000")
        int maxDownloadBytes();

        /** A distribution point must accept the connection within this. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** ... and answer within this. */
        @WithDefault("20S")
        Duration readTimeout();

        /** How often the node checks whether the daily update time has passed; the scheduler reads {@code ucfleet.node.expressway.crl.check-every}. */
        @WithDefault("60s")
        String checkEvery();
    }

    /** The replication tables' retention ({@code replication.Retention}). */
    Replication replication();

    interface Replication {
        /** Peers' change keys and this node's outbox changes older than this are pruned. */
        @WithDefault("P7D")
        Duration retention();

        /** How often; the scheduler reads {@code ucfleet.node.replication.prune-every} itself. */
        @WithDefault("1h")
        String pruneEvery();
    }

    interface Xmpp {
        /** Whether an IM and Presence node listens for XMPP; other roles never do. */
        @WithDefault("true")
        boolean enabled();

        /** Address to listen on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Client-to-server port (STARTTLS, presents cup-xmpp); 0 picks a free one (tests). */
        @WithDefault("5222")
        int port();

        /** Server-to-server port (STARTTLS, presents cup-xmpp-s2s); 0 picks a free one. */
        @WithDefault("5269")
        int serverPort();

        /**
         * The XMPP (presence) domain the node serves, the {@code to} of a client's stream header;
         * without it the node's DNS domain (its FQDN without the host name), IM and Presence's default.
         */
        Optional<String> domain();

        /** A connection must have finished STARTTLS and the TLS handshake within this, or it is closed. */
        @WithDefault("10S")
        Duration negotiationTimeout();

        /** An established stream that sends nothing for this long is closed. */
        @WithDefault("60S")
        Duration idleTimeout();

        /** Connections open at once per port; a further one is closed at once. */
        @WithDefault("64")
        int maxConnections();
    }

    interface Ssh {
        /** Whether the node runs its SSH server; Expressway never does. */
        @WithDefault("true")
        boolean enabled();

        /** Address to listen on. */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * Port to listen on; 0 picks a free one (tests). Pods run non-root, so 2222 there, and the
         * Kubernetes Service maps port 22 to it; the local launcher gives each node its own.
         */
        @WithDefault("2222")
        int port();

        /**
         * Delay before answering a login attempt after one failure of the same account from the
         * same address; it doubles with each further failure up to {@link #maxLoginDelay()}.
         */
        @WithDefault("1S")
        Duration loginDelay();

        /** Longest delay a login attempt waits. */
        @WithDefault("30S")
        Duration maxLoginDelay();

        /** Failures are forgotten this long after the last one. */
        @WithDefault("15M")
        Duration failureMemory();

        /**
         * Failures from one address, whatever the account, before every login attempt from that
         * address is delayed too (guessing across many accounts).
         */
        @WithDefault("10")
        int failuresPerAddress();

        /** Authentication requests one connection may make before it is disconnected. */
        @WithDefault("6")
        int maxAuthRequests();

        /** CLI sessions open at once; a further one is told so and closed. */
        @WithDefault("32")
        int maxSessions();

        /** An idle session is closed after this long (Unified CM's CLI default is 30 minutes). */
        @WithDefault("30M")
        Duration idleTimeout();

        /**
         * Longest input line, and longest line of a pasted certificate. A longer line is refused
         * and not kept in memory.
         */
        @WithDefault("4096")
        int maxLineLength();
    }

    interface Subject {
        @WithDefault("ucfleet")
        String organization();

        @WithDefault("UC")
        String organizationalUnit();

        @WithDefault("San Jose")
        String locality();

        @WithDefault("CA")
        String state();

        @WithDefault("US")
        String country();

        Optional<String> email();
    }

    /** The audit log ({@code audit}). */
    Audit audit();

    interface Audit {
        /** Entries older than this are pruned. */
        @WithDefault("P90D")
        Duration retention();

        /** How often; the scheduler reads {@code ucfleet.node.audit.prune-every} itself. */
        @WithDefault("1h")
        String pruneEvery();
    }

    /** The Certificate Expiry Monitor ({@code certmonitor}). */
    CertificateMonitor certificateMonitor();

    interface CertificateMonitor {
        /**
         * How often the scheduler asks the monitor whether it is due (it runs daily, hourly near
         * expiry, by the node's clock); the scheduler reads the key itself.
         */
        @WithDefault("60s")
        String tick();
    }

    /** The IM and Presence Certificate Import Tool's connection to a peer server. */
    CertificateImportTool certificateImportTool();

    interface CertificateImportTool {
        /** Longest wait for the peer to accept the TCP connection. */
        @WithDefault("5S")
        Duration connectTimeout();

        /**
         * Longest wait, after the connection, for the peer to present its chain; the socket is
         * closed then, so a peer that stalls or trickles bytes holds no thread longer.
         */
        @WithDefault("5S")
        Duration handshakeTimeout();
    }
}
