package io.ucfleet.labca.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ucfleet.lab-ca.*} (env {@code UCFLEET_LAB_CA_*}). */
@ConfigMapping(prefix = "ucfleet.lab-ca")
public interface LabCaConfig {
    /** Embedded PostgreSQL lives under it when no datasource is configured. */
    @WithDefault("data")
    String dataDir();

    /**
     * Base URL written into every certificate's CRL distribution point and authority information
     * access (OCSP, caIssuers): where clients reach this process. Default
     * {@code http://127.0.0.1:<quarkus.http.port>} (application.properties).
     */
    String publicUrl();

    /**
     * 32 bytes, base64 ({@code openssl rand -base64 32}): CA private keys are sealed under it at
     * rest. Required; a missing or malformed one fails the boot.
     */
    String keyEncryptionKey();

    /** The hierarchy created at first start (when the database has none). */
    DefaultHierarchy defaultHierarchy();

    /** A new hierarchy's CRL validity (nextUpdate - thisUpdate) until changed through the API. */
    @WithDefault("P7D")
    Duration crlValidity();

    /** nextUpdate of OCSP answers, after thisUpdate. */
    @WithDefault("PT1H")
    Duration ocspValidity();

    /** Longest delay the fault API accepts for the OCSP and CRL endpoints. */
    @WithDefault("PT5M")
    Duration maxFaultDelay();

    /** Request bodies above this get 413 problem+json before they are read. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Enrollment: the node account lab-ca calls a node's REST API with, unless the request names one. */
    Optional<String> nodeUsername();

    /** Enrollment: that account's password. */
    Optional<String> nodePassword();

    /** Enrollment: how long one call to a node may take. */
    @WithDefault("60S")
    Duration nodeTimeout();

    /** {@code POST /api/v1/client-verdicts}: how long and how much a verdict may take. */
    ClientVerdicts clientVerdicts();

    interface ClientVerdicts {
        /** The whole verdict (handshake, trust, revocation) ends by then; a request may ask for less, never more. */
        @WithDefault("PT15S")
        Duration deadline();

        /** TCP connect to the target. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** From connected to the handshake's end (STARTTLS preamble included), within the deadline. */
        @WithDefault("PT10S")
        Duration handshakeTimeout();

        /** Most bytes read from a CRL distribution point (a larger CRL is an unusable source, not read to its end). */
        @WithDefault("10485760")
        long maxCrlBytes();

        /** Most bytes read from an OCSP responder. */
        @WithDefault("65536")
        long maxOcspBytes();

        /**
         * The account lab-ca reads nodes' tomcat-trust with ({@code trust.nodes}, {@code GET
         * /api/v1/client-trust-bundle}): a read-only one is enough. Default: {@code node-username}.
         */
        Optional<String> nodeReaderUsername();

        /** That account's password. Default: {@code node-password} (only when the username is defaulted too). */
        Optional<String> nodeReaderPassword();
    }

    interface DefaultHierarchy {
        /** {@code false}: start with no hierarchy. */
        @WithDefault("true")
        boolean enabled();

        /** Its name (a DNS label; it appears in the CDP and AIA URLs). */
        @WithDefault("default")
        String name();

        /** {@code rsa} or {@code ec}. */
        @WithDefault("rsa")
        String keyType();

        /** RSA 2048/3072/4096, EC 256/384; default: 2048 for RSA, 256 for EC. */
        Optional<Integer> keySize();

        /** With an intermediate (issuing) CA under the root; {@code false}: the root issues. */
        @WithDefault("true")
        boolean intermediate();

        /** Subject O of its CAs. */
        @WithDefault("ucfleet lab")
        String organization();
    }
}
