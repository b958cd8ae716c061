package io.ucfleet.node.config;

import java.nio.file.Path;
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

    /** {@code publisher}, {@code subscriber}, {@code im-and-presence}, {@code unity-connection} or {@code expressway}. */
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
}
