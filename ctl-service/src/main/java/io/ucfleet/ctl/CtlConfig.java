package io.ucfleet.ctl;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.smallrye.config.WithDefault;

/** {@code ucfleet.ctl.*} (env {@code UCFLEET_CTL_*}). */
@ConfigMapping(prefix = "ucfleet.ctl")
public interface CtlConfig {
    /** Embedded PostgreSQL lives under it when no datasource is configured. */
    @WithDefault("data")
    String dataDir();

    /** Hash of the file signatures: SHA-1 (what Cisco's files have) or SHA-512; anything else fails the boot. */
    @WithDefault("SHA-1")
    @WithConverter(DigestAlgorithm.Converter.class)
    DigestAlgorithm digest();

    /** Address the TFTP and TFTP-HTTP listeners bind to. */
    @WithDefault("0.0.0.0")
    String tftpHost();

    /** UDP port of the TFTP server (RFC 1350). CUCM uses 69, which needs privileges. */
    @WithDefault("6969")
    int tftpPort();

    /** The CUCM TFTP HTTP port phones fetch CTL/ITL files from. */
    @WithDefault("6970")
    int tftpHttpPort();

    /** Devices with their own CTLSEP&lt;MAC&gt;.tlv / ITLSEP&lt;MAC&gt;.tlv (12 hex digits, or SEP + 12). */
    Optional<List<String>> devices();
}
